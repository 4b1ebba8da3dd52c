/// Polls `condition` every 50 ms until it holds; after `timeout` throws an error naming the
/// caller's line. For conditions that other processes make true (a daemon's status, a file, a
/// catalog row); a test of Steward's own timed logic uses an injected clock instead.
package func waitUntil(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool,
                       fileID: String = #fileID, line: Int = #line) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestSupportError("\(fileID):\(line): condition not met within \(timeout)")
}
