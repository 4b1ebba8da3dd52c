extension Duration {
    /// This duration as a `poll` timeout: whole milliseconds rounded up, at least 1 (so that a
    /// short timeout never becomes a busy loop) and at most `Int32.max`.
    var pollMilliseconds: Int32 {
        let nanoseconds = clampedNanoseconds
        let milliseconds = nanoseconds / 1_000_000 + (nanoseconds % 1_000_000 == 0 ? 0 : 1)
        return Int32(clamping: max(1, milliseconds))
    }
}
