import Foundation
@testable import StewardSystemd
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// ``SystemdNotifier()`` and ``WatchdogSettings/current()`` go through libsystemd, which reads
/// the process environment. Each test runs the notify probe (``SystemdProbes``) in a child
/// process whose environment it sets, and checks what arrived on its socket.
@Suite struct NotifierProcessTests {
    @Test func sdNotifyDeliversEveryNotification() async throws {
        let listener = try NotifyListener.path()
        var environment = TestBinary.cleanEnvironment
        environment[ProbeEnvironment.notify] = "send"
        environment["NOTIFY_SOCKET"] = listener.address
        environment["WATCHDOG_USEC"] = "30000000"

        var messages: [String] = []
        let before = MonotonicClock.microseconds()
        let result = try await ChildProcess(
            executable: TestBinary.path,
            arguments: TestBinary.probeArguments("notifyProbe"),
            environment: environment
        ).run { messages += listener.drain() }
        let after = MonotonicClock.microseconds()

        #expect(result.status == 0, "probe failed:\n\(result.output)")
        #expect(!result.timedOut)
        try #require(messages.count == 7, "datagrams: \(messages)\nprobe output:\n\(result.output)")
        #expect(messages[0] == "READY=1\nSTATUS=probe starting")
        #expect(messages[1] == "STATUS=2 integrations: 1 enabled, 1 createError")
        let reloading = messages[2].notifyAssignments
        #expect(reloading["RELOADING"] == "1")
        let stamp = try #require(reloading["MONOTONIC_USEC"].flatMap { UInt64($0) })
        #expect((before...after).contains(stamp))
        #expect(messages[3] == "WATCHDOG=1")
        #expect(messages[4] == "EXTEND_TIMEOUT_USEC=2500000")
        #expect(messages[5].hasPrefix("MAINPID="))
        #expect(messages[6] == "STOPPING=1")
    }

    @Test func withoutNotifySocketNothingIsSent() async throws {
        var environment = TestBinary.cleanEnvironment
        environment[ProbeEnvironment.notify] = "silent"
        // A watchdog addressed to another process: sd_watchdog_enabled must ignore it.
        environment["WATCHDOG_USEC"] = "30000000"
        environment["WATCHDOG_PID"] = "1"
        let result = try await ChildProcess(
            executable: TestBinary.path,
            arguments: TestBinary.probeArguments("notifyProbe"),
            environment: environment
        ).run()
        #expect(result.status == 0, "probe failed:\n\(result.output)")
        #expect(result.output.contains("notifyProbe"), "the probe did not run:\n\(result.output)")
    }
}
