import StewardTestSupport
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
