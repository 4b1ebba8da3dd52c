/// When the next full rescan is due: every `interval`, give or take `jitter` of it.
///
/// The jitter keeps several daemons (or a restarted one) from rescanning in step. The delay is
/// uniformly random in `interval * (1 - jitter) ... interval * (1 + jitter)`, in whole
/// nanoseconds. `jitter` is clamped to `0...1`, so the delay is never negative.
package struct ResyncSchedule: Sendable, Hashable {
    /// The mean time between two rescans.
    package var interval: Duration
    /// The largest deviation from `interval`, as a fraction of it.
    package var jitter: Double

    /// Creates a schedule.
    /// - Parameters:
    ///   - interval: mean time between rescans, default 10 min.
    ///   - jitter: deviation as a fraction of `interval`, default 0.1 (±10 %).
    package init(interval: Duration = .seconds(600), jitter: Double = 0.1) {
        self.interval = interval
        self.jitter = jitter
    }

    /// A random delay until the next rescan, drawn from `random`.
    package func delay(using random: inout some RandomNumberGenerator) -> Duration {
        let intervalNanos = interval.clampedNanoseconds
        let fraction = jitter.isNaN ? 0 : min(max(jitter, 0), 1)
        // Double(Int64.max) rounds up to 2^63, which does not fit back into Int64: compare first.
        let product = (Double(intervalNanos) * fraction).rounded(.down)
        let spread = product < Double(intervalNanos) ? Int64(product) : intervalNanos
        let lowest = intervalNanos - spread
        // The window 0...2*spread may exceed Int64.max for intervals near the clamp; saturate.
        let (width, overflow) = spread.multipliedReportingOverflow(by: 2)
        let window = overflow ? UInt64(Int64.max) : UInt64(width)
        let offset = UInt64.random(in: 0...window, using: &random)
        let (total, overflowAdding) = lowest.addingReportingOverflow(Int64(clamping: offset))
        return .nanoseconds(overflowAdding ? .max : total)
    }

    /// The instant of the next rescan, `delay(using:)` after `now`.
    package func nextResync<Instant: InstantProtocol>(
        after now: Instant,
        using random: inout some RandomNumberGenerator
    ) -> Instant where Instant.Duration == Duration {
        now.advanced(by: delay(using: &random))
    }
}
