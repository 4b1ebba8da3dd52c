/// Exponential backoff with full jitter.
///
/// The delay before attempt `n` (1-based, counting consecutive failures) is a uniformly random
/// duration in `0...min(cap, base * 2^(n-1))`. Full jitter spreads retries of many names that
/// failed together (a warehouse outage) over the whole window instead of retrying in lock step.
///
/// The arithmetic works in whole nanoseconds and saturates: a huge attempt number or a huge
/// base gives `cap`, never an overflow. Attempt numbers below 1 are treated as 1.
package struct Backoff: Sendable, Hashable {
    /// The upper bound of the first delay.
    package var base: Duration
    /// The largest upper bound any delay can have.
    package var cap: Duration

    /// Creates a backoff.
    /// - Parameters:
    ///   - base: upper bound of the first delay, default 1 s.
    ///   - cap: upper bound of every delay, default 5 min.
    package init(base: Duration = .seconds(1), cap: Duration = .seconds(300)) {
        self.base = base
        self.cap = cap
    }

    /// The upper bound of the delay before attempt `attempt`: `min(cap, base * 2^(attempt-1))`.
    package func ceiling(forAttempt attempt: Int) -> Duration {
        .nanoseconds(ceilingNanoseconds(forAttempt: attempt))
    }

    /// A random delay in `0...ceiling(forAttempt: attempt)`, drawn from `random`.
    ///
    /// Inject a deterministic generator in tests; the daemon uses `SystemRandomNumberGenerator`.
    package func delay(forAttempt attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceilingNanoseconds(forAttempt: attempt)
        // `ceiling` is never negative, so the conversion to UInt64 and back cannot fail.
        let drawn = UInt64.random(in: 0...UInt64(ceiling), using: &random)
        return .nanoseconds(Int64(drawn))
    }

    private func ceilingNanoseconds(forAttempt attempt: Int) -> Int64 {
        let capNanos = cap.clampedNanoseconds
        let baseNanos = base.clampedNanoseconds
        let exponent = max(attempt, 1) - 1
        // baseNanos << exponent stays within capNanos exactly when baseNanos <= capNanos >> exponent.
        guard exponent < Int64.bitWidth - 1, baseNanos <= capNanos >> exponent else { return capNanos }
        return baseNanos << exponent
    }
}
