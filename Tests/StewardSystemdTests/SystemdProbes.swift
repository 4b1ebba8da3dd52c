import Foundation
import Logging
import StewardSystemd
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Tests that run only inside a child process started by another test, which prepares what the
/// probe needs and then checks what it did: a process environment with `NOTIFY_SOCKET` and
/// `WATCHDOG_USEC` (which the shared test process must not change), or a mount namespace with a
/// journald of its own. In an ordinary test run they are skipped.
@Suite struct SystemdProbes {
    /// Notifies through `sd_notify(3)` and `sd_watchdog_enabled(3)`, which read the process
    /// environment. Mode `send`: every kind of notification goes out. Mode `silent`: no
    /// `NOTIFY_SOCKET`, so every call is a no-op, and a watchdog meant for another process is ignored.
    @Test(.enabled(if: ProbeEnvironment.value(ProbeEnvironment.notify) != nil))
    func notifyProbe() {
        let notifier = SystemdNotifier()
        if ProbeEnvironment.value(ProbeEnvironment.notify) == "silent" {
            #expect(!notifier.isEnabled)
            #expect(!notifier.ready(status: "nobody listens"))
            #expect(!notifier.status("nobody listens"))
            #expect(!notifier.reloading())
            #expect(!notifier.stopping())
            #expect(!notifier.watchdog())
            #expect(!notifier.extendTimeout(.seconds(1)))
            #expect(!notifier.mainPID(getpid()))
            #expect(WatchdogSettings.current() == nil)
            return
        }
        #expect(notifier.isEnabled)
        #expect(notifier.ready(status: "probe starting"))
        #expect(notifier.status("2 integrations:\n1 enabled, 1 createError"))
        #expect(notifier.reloading())
        #expect(notifier.watchdog())
        #expect(notifier.extendTimeout(.milliseconds(2500)))
        #expect(notifier.mainPID(getpid()))
        #expect(notifier.stopping())
        #expect(WatchdogSettings.current() == WatchdogSettings(timeout: .seconds(30)))
        #expect(WatchdogSettings.current()?.pingInterval == .seconds(15))
    }

    /// Logs through ``JournalLogHandler`` to the journald of the namespace it runs in; every entry
    /// carries `probe.run` (`STEWARD_PROBE_RUN`) so the parent test finds exactly these.
    @Test(.enabled(if: ProbeEnvironment.value(ProbeEnvironment.journal) != nil))
    func journalProbe() {
        let run = ProbeEnvironment.value(ProbeEnvironment.journal) ?? ""
        var logger = Logger(label: "steward.probe") { JournalLogHandler(label: $0, logLevel: .trace) }
        logger[metadataKey: "probe.run"] = "\(run)"
        for sample in JournalSamples.all {
            logger.log(level: sample.level, "\(sample.message)", metadata: sample.metadata)
        }
        // Below the handler's level: must not arrive.
        logger.logLevel = .info
        logger.debug("filtered out")
    }
}

/// What the journal probe logs and the journal test expects back.
enum JournalSamples {
    struct Sample {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    static let transition = Sample(
        level: .notice,
        message: "analytics: creating → enabled",
        metadata: [
            "steward.integration": "analytics",
            "steward.integration.id": "5f0c2a8e-2b0e-4d1c-9a51-2f8b8f7e3c11",
            "steward.status": "enabled",
            "steward.previous-status": "creating",
            "steward.event": "transition",
            "steward.attempt": "3",
            "error.code": "none",
        ]
    )

    static let multiline = Sample(
        level: .error,
        message: "apply failed\nat step 2",
        metadata: [
            "steward.integration": "sales",
            "steward.event": "retry",
            "detail": "first line\nsecond line",
        ]
    )

    static let all: [Sample] = [
        transition,
        multiline,
        Sample(level: .trace, message: "trace sample", metadata: [:]),
        Sample(level: .debug, message: "debug sample", metadata: [:]),
        Sample(level: .info, message: "info sample", metadata: [:]),
        Sample(level: .warning, message: "warning sample", metadata: [:]),
        Sample(level: .critical, message: "critical sample", metadata: ["steward.event": "drift-repaired"]),
    ]
}
