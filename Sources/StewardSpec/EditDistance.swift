/// "Did you mean" suggestions for misspelt keys and values.
enum EditDistance {
    /// Levenshtein distance between `a` and `b` (insertions, deletions, substitutions), counted
    /// in Unicode scalars. Stops early and returns `limit + 1` once the distance exceeds `limit`.
    static func distance(_ a: String, _ b: String, limit: Int) -> Int {
        let lhs = Array(a.unicodeScalars), rhs = Array(b.unicodeScalars)
        if abs(lhs.count - rhs.count) > limit { return limit + 1 }
        if lhs.isEmpty { return rhs.count }
        if rhs.isEmpty { return lhs.count }
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...rhs.count {
                let substitution = previous[j - 1] + (lhs[i - 1] == rhs[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }

    /// The candidate closest to `word`: an exact match ignoring case first, else the nearest
    /// within an edit distance of 2 (ties go to the earlier candidate). Nil if none is close.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        guard word.count <= 200 else { return nil }
        if let sameLetters = candidates.first(where: { $0.lowercased() == word.lowercased() }) {
            return sameLetters
        }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = distance(word, candidate, limit: 2)
            if distance <= 2, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }
}
