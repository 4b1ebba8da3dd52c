import Testing

/// Always returns the largest value: a random draw in a range gives its upper bound.
struct MaxRandom: RandomNumberGenerator, Sendable {
    mutating func next() -> UInt64 { .max }
}

/// Always returns one: a random draw in a range gives its lower bound.
///
/// Not zero: the standard library's unbiased sampling rejects a zero draw for most range sizes
/// and draws again, so a generator stuck at zero never finishes.
struct MinRandom: RandomNumberGenerator, Sendable {
    mutating func next() -> UInt64 { 1 }
}

/// A deterministic generator (SplitMix64) for tests that want varied but repeatable draws.
struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct BackoffRandomSourcesTests {
    @Test func maxAndMinGiveTheEndsOfARange() {
        var high = MaxRandom()
        var low = MinRandom()
        #expect(UInt64.random(in: 0...1_000, using: &high) == 1_000)
        #expect(UInt64.random(in: 0...1_000, using: &low) == 0)
    }

    @Test func seededRandomRepeats() {
        var first = SeededRandom(seed: 42)
        var second = SeededRandom(seed: 42)
        let a = (0..<5).map { _ in first.next() }
        let b = (0..<5).map { _ in second.next() }
        #expect(a == b)
        #expect(Set(a).count == 5)
    }
}
