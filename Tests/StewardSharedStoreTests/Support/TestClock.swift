import Foundation
import Synchronization

/// A clock that moves only when told to, so timestamps in tests are predictable.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func advance(seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}
