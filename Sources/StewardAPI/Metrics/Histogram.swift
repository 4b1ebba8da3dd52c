/// A Prometheus histogram: cumulative counts per upper bound, the sum and the count.
struct Histogram: Sendable {
    /// Upper bounds in seconds; `+Inf` is implied.
    static let reconcileBuckets: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    let bounds: [Double]
    /// Observations per bucket (not cumulative); one more than `bounds` for `+Inf`.
    private(set) var counts: [Int]
    private(set) var sum: Double = 0
    private(set) var count: Int = 0

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count + 1)
    }

    mutating func observe(_ value: Double) {
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        counts[index] += 1
        sum += value
        count += 1
    }

    /// `(le, cumulative count)` per bucket, ending with `+Inf`.
    var cumulative: [(String, Int)] {
        var running = 0
        var result: [(String, Int)] = []
        for (index, bound) in bounds.enumerated() {
            running += counts[index]
            result.append((PrometheusText.number(bound), running))
        }
        result.append(("+Inf", count))
        return result
    }
}
