import Foundation

/// Runs timing-sensitive test choreography on a thread of its own.
///
/// Swift concurrency's cooperative pool has one thread per core (two on these machines), and
/// many tests block a pool thread while they wait for a subprocess. Under the full suite a
/// `Task.sleep(for: .milliseconds(200))` can resume 8 s later, so a test that means "remove the
/// file, put it back 200 ms later" may really leave it gone for longer than the daemon's grace
/// period. A kernel thread is scheduled on its own: `usleep` there oversleeps by milliseconds,
/// not seconds. The choreography measures what really happened and the test asserts on that.
package enum DedicatedThread {
    package static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = "steward-test-choreography"
            thread.start()
        }
    }

    /// Sleeps the calling thread (only ever a dedicated one) for `duration`.
    package static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
