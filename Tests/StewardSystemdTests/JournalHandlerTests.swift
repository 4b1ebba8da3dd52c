import Foundation
import Logging
import StewardSystemd
import Testing

/// ``JournalLogHandler`` against a real journald: the journal probe (``SystemdProbes``) runs in
/// a namespace with a journald of its own, and `journalctl -o json` shows what it stored.
@Suite struct JournalHandlerTests {
    @Test func nativeEntriesWithStructuredFields() async throws {
        if let reason = StandaloneJournal.unavailableReason {
            try Test.cancel("a standalone journald is not possible here: \(reason)")
        }
        let run = UUID().uuidString
        var environment = TestBinary.cleanEnvironment
        environment[ProbeEnvironment.journal] = run
        let entries = try await StandaloneJournal().run(
            command: [TestBinary.path] + TestBinary.probeArguments("journalProbe"),
            environment: environment,
            match: "STEWARD_PROBE_RUN=\(run)",
            expected: JournalSamples.all.count
        )
        try #require(entries.count == JournalSamples.all.count, "entries: \(entries)")

        for (entry, sample) in zip(entries, JournalSamples.all) {
            #expect(entry["MESSAGE"] == sample.message)
            #expect(entry["PRIORITY"] == String(sample.level.syslogPriority))
            #expect(entry["SYSLOG_IDENTIFIER"] == "steward")
            #expect(entry["STEWARD_LOGGER"] == "steward.probe")
            #expect(entry["CODE_FILE"]?.hasSuffix("SystemdProbes.swift") == true)
            #expect(entry["CODE_FUNC"] == "journalProbe()")
            #expect(entry["CODE_LINE"].flatMap(Int.init) != nil)
            #expect(entry["_TRANSPORT"] == "journal")
        }
        #expect(!entries.contains { $0["MESSAGE"] == "filtered out" })

        let transition = entries[0]
        #expect(transition["STEWARD_INTEGRATION"] == "analytics")
        #expect(transition["STEWARD_INTEGRATION_ID"] == "5f0c2a8e-2b0e-4d1c-9a51-2f8b8f7e3c11")
        #expect(transition["STEWARD_STATUS"] == "enabled")
        #expect(transition["STEWARD_PREVIOUS_STATUS"] == "creating")
        #expect(transition["STEWARD_EVENT"] == "transition")
        #expect(transition["STEWARD_ATTEMPT"] == "3")
        #expect(transition["STEWARD_ERROR_CODE"] == "none")
        #expect(transition["PRIORITY"] == "5")

        let multiline = entries[1]
        #expect(multiline["MESSAGE"] == "apply failed\nat step 2")
        #expect(multiline["STEWARD_DETAIL"] == "first line\nsecond line")
        #expect(multiline["STEWARD_INTEGRATION"] == "sales")
        #expect(multiline["PRIORITY"] == "3")

        #expect(entries.map { $0["PRIORITY"] } == ["5", "3", "7", "7", "6", "4", "2"])
        #expect(entries[6]["STEWARD_EVENT"] == "drift-repaired")
    }
}
