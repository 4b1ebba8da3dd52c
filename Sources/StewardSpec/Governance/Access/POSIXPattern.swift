/// A regular expression in the subset of PostgreSQL's POSIX (ARE) syntax the access model
/// evaluates: literals, `.`, bracket expressions with ranges and `[:class:]`, groups,
/// alternation, the greedy quantifiers `*` `+` `?` `{m}` `{m,}` `{m,n}`, and the anchors `^` `$`.
/// Spec patterns have no backslashes, so there are no escapes. Anything else (non-greedy
/// quantifiers, `(?…)`, collating elements, directors) is refused with ``AccessError``.
///
/// Matching is leftmost-longest, as PostgreSQL's engine does for a pattern without non-greedy
/// quantifiers: the model computes every place a match can end and takes the furthest.
struct POSIXPattern: Sendable {
    indirect enum Node: Sendable {
        case scalar(@Sendable (Unicode.Scalar) -> Bool)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?)
        case start
        case end
    }

    let source: String
    let root: Node

    init(_ source: String) throws(AccessError) {
        self.source = source
        var parser = Parser(scalars: Array(source.unicodeScalars), source: source)
        root = try parser.alternation()
        guard parser.index == parser.scalars.count else { throw parser.unsupported("an unmatched )") }
    }

    /// Every match replaced by `replacement`, the way `regexp_replace(text, pattern, replacement, 'g')`
    /// does: the search goes on at the end of each match, one character further after an empty one.
    func replacingAll(in text: String, with replacement: String) -> String {
        let input = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var copied = 0
        var searchStart = 0
        while searchStart <= input.count, let match = firstMatch(in: input, from: searchStart) {
            out.append(contentsOf: input[copied..<match.lowerBound])
            out.append(contentsOf: replacement.unicodeScalars)
            copied = match.upperBound
            searchStart = match.isEmpty ? match.upperBound + 1 : match.upperBound
        }
        if copied < input.count { out.append(contentsOf: input[copied...]) }
        return String(out)
    }

    /// The leftmost match at or after `start`, as long as it can be there.
    func firstMatch(in input: [Unicode.Scalar], from start: Int) -> Range<Int>? {
        for position in start...input.count {
            if let end = Self.ends(of: root, in: input, at: position).max() { return position..<end }
        }
        return nil
    }

    /// Every index where `node`, started at `position`, can end.
    static func ends(of node: Node, in input: [Unicode.Scalar], at position: Int) -> Set<Int> {
        switch node {
        case .scalar(let matches):
            return position < input.count && matches(input[position]) ? [position + 1] : []
        case .start:
            return position == 0 ? [position] : []
        case .end:
            return position == input.count ? [position] : []
        case .sequence(let items):
            var current: Set<Int> = [position]
            for item in items {
                current = Set(current.flatMap { ends(of: item, in: input, at: $0) })
                if current.isEmpty { break }
            }
            return current
        case .alternation(let branches):
            return branches.reduce(into: Set<Int>()) { $0.formUnion(ends(of: $1, in: input, at: position)) }
        case .repetition(let item, let min, let max):
            func step(_ from: Set<Int>) -> Set<Int> { Set(from.flatMap { ends(of: item, in: input, at: $0) }) }
            var frontier: Set<Int> = [position]
            for _ in 0..<min {
                frontier = step(frontier)
                if frontier.isEmpty { return [] }
            }
            var found = frontier
            var count = min
            while max.map({ count < $0 }) ?? true {
                let next = step(frontier).subtracting(found)
                count += 1
                if next.isEmpty { break }
                found.formUnion(next)
                frontier = next
            }
            return found
        }
    }
}
