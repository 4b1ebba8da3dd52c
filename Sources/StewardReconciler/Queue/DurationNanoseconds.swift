extension Duration {
    /// This duration in whole nanoseconds, clamped to `0...Int64.max`.
    ///
    /// Negative durations count as zero and durations longer than about 292 years as
    /// `Int64.max` nanoseconds, so that delay arithmetic can never overflow or go backwards.
    var clampedNanoseconds: Int64 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let (secondPart, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, overflowAdding) = secondPart.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflowAdding { return .max }
        return max(0, total)
    }
}
