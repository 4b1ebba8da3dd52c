import Foundation
@testable import StewardSystemd
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// ``SystemdNotifier`` with an injected environment: datagrams to a socket this test owns.
@Suite struct NotifierTests {
    private func listener(abstract: Bool) throws -> NotifyListener {
        abstract ? try NotifyListener.abstract() : try NotifyListener.path()
    }

    @Test(arguments: [false, true])
    func everyNotification(abstract: Bool) throws {
        let listener = try listener(abstract: abstract)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address])
        #expect(notifier.isEnabled)

        #expect(notifier.ready())
        #expect(listener.receive() == "READY=1")

        #expect(notifier.ready(status: "12 integrations: 11 enabled, 1 createError"))
        #expect(listener.receive() == "READY=1\nSTATUS=12 integrations: 11 enabled, 1 createError")

        #expect(notifier.status("next retry in 40s"))
        #expect(listener.receive() == "STATUS=next retry in 40s")

        let before = MonotonicClock.microseconds()
        #expect(notifier.reloading())
        let after = MonotonicClock.microseconds()
        let reloading = try #require(listener.receive()).notifyAssignments
        #expect(reloading["RELOADING"] == "1")
        let stamp = try #require(reloading["MONOTONIC_USEC"].flatMap { UInt64($0) })
        #expect((before...after).contains(stamp))

        #expect(notifier.stopping(status: "draining 2 steps"))
        #expect(listener.receive() == "STOPPING=1\nSTATUS=draining 2 steps")

        #expect(notifier.watchdog())
        #expect(listener.receive() == "WATCHDOG=1")

        #expect(notifier.extendTimeout(.seconds(20)))
        #expect(listener.receive() == "EXTEND_TIMEOUT_USEC=20000000")

        #expect(notifier.mainPID(4242))
        #expect(listener.receive() == "MAINPID=4242")

        #expect(listener.drain().isEmpty)
    }

    @Test func statusLinesAreSanitised() throws {
        let listener = try listener(abstract: true)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address])
        #expect(notifier.status("two\nlines\u{0}and a NUL\tand\u{1B}[31m escapes"))
        #expect(listener.receive() == "STATUS=two lines and a NUL and [31m escapes")
        #expect(notifier.status(String(repeating: "x", count: 1000)))
        let long = try #require(listener.receive())
        #expect(long.utf8.count == "STATUS=".utf8.count + StatusLine.maximumBytes)
        #expect(long.hasSuffix("…"))
    }

    @Test(arguments: [
        [:],
        ["NOTIFY_SOCKET": ""],
        ["NOTIFY_SOCKET": "relative/path"],
        ["NOTIFY_SOCKET": "@"],
    ])
    func withoutASocketEveryCallIsANoOp(environment: [String: String]) {
        let notifier = SystemdNotifier(environment: environment)
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready(status: "ignored"))
        #expect(!notifier.reloading())
        #expect(!notifier.stopping())
        #expect(!notifier.status("ignored"))
        #expect(!notifier.watchdog())
        #expect(!notifier.extendTimeout(.seconds(1)))
        #expect(!notifier.mainPID(1))
    }

    @Test func aSocketNobodyListensOnIsReportedNotThrown() throws {
        let directory = try TemporaryDirectory()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": directory.path + "/missing"])
        #expect(notifier.isEnabled)
        #expect(!notifier.ready())
        let tooLong = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "a", count: 200)])
        #expect(!tooLong.ready())
    }

    @Test func extendTimeoutMicroseconds() {
        #expect(SystemdNotifier.microseconds(.seconds(90)) == 90_000_000)
        #expect(SystemdNotifier.microseconds(.milliseconds(1500)) == 1_500_000)
        #expect(SystemdNotifier.microseconds(.nanoseconds(1999)) == 1)
        #expect(SystemdNotifier.microseconds(.seconds(-5)) == 0)
        #expect(SystemdNotifier.microseconds(.seconds(Int64.max)) == UInt64.max)
    }
}
