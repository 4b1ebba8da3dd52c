import Logging
@testable import StewardSystemd
import Testing

/// The fields of an entry, without journald (the real round trip is in ``JournalHandlerTests``).
@Suite struct JournalEntryTests {
    @Test func syslogPriorities() {
        let expected: [(Logger.Level, Int)] = [
            (.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
        ]
        for (level, priority) in expected {
            #expect(level.syslogPriority == priority)
        }
    }

    @Test func fieldsInOrder() {
        let event = LogEvent(
            level: .warning,
            message: "retrying\nsoon",
            metadata: nil,
            source: "Probe",
            file: "StewardReconciler/Loop.swift",
            function: "run()",
            line: 42
        )
        let entry = JournalEntry(
            event: event,
            label: "steward.loop",
            identifier: "steward",
            metadata: ["steward.integration": "analytics", "error.code": "08006", "hosts": .array(["a", "b"])]
        )
        #expect(entry.fields == [
            .init(name: "MESSAGE", value: "retrying\nsoon"),
            .init(name: "PRIORITY", value: "4"),
            .init(name: "SYSLOG_IDENTIFIER", value: "steward"),
            .init(name: "CODE_FILE", value: "StewardReconciler/Loop.swift"),
            .init(name: "CODE_LINE", value: "42"),
            .init(name: "CODE_FUNC", value: "run()"),
            .init(name: "STEWARD_LOGGER", value: "steward.loop"),
            .init(name: "STEWARD_ERROR_CODE", value: "08006"),
            .init(name: "STEWARD_HOSTS", value: "[\"a\",\"b\"]"),
            .init(name: "STEWARD_INTEGRATION", value: "analytics"),
        ])
    }

    @Test func metadataMergeOrder() {
        let provider = Logger.MetadataProvider { ["steward.event": "provided", "task": "t1"] }
        var handler = JournalLogHandler(label: "steward", metadataProvider: provider)
        handler[metadataKey: "steward.event"] = "handler"
        handler[metadataKey: "steward.integration"] = "analytics"
        let merged = LogMetadata.merged(handler: handler.metadata, provider: provider, event: ["task": "t2"])
        #expect(merged == ["steward.event": "provided", "steward.integration": "analytics", "task": "t2"])
    }
}
