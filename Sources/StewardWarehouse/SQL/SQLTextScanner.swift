/// Finds the parts of SQL text that are not code, the way PostgreSQL's scanner does: quoted
/// identifiers, string literals, dollar-quoted bodies and comments. `scriptText()` uses it so
/// that it replaces `$n` parameters only where they are parameters.
enum SQLTextScanner {
    /// The length in scalars of the quoted identifier, string literal, dollar-quoted body or
    /// comment that starts at `start`, or nil when none does. An unterminated one runs to the end.
    static func quotedOrCommentLength(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        let next = start + 1 < scalars.count ? scalars[start + 1] : nil
        switch scalars[start] {
        case "\"", "'": return quotedLength(scalars, at: start)
        case "-" where next == "-": return (scalars[start...].firstIndex(of: "\n") ?? scalars.count) - start
        case "/" where next == "*": return blockCommentLength(scalars, at: start)
        case "$": return dollarQuoteLength(scalars, at: start)
        default: return nil
        }
    }

    /// Letters, digits, `_`, `$` and anything beyond ASCII continue an unquoted word (so `a$1`
    /// is one identifier, not `a` and a parameter).
    static func continuesWord(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII || scalar == "_" || scalar == "$" || isASCIILetter(scalar) || isASCIIDigit(scalar)
    }

    /// `"…"` or `'…'`: the same quote doubled stands for itself, the next single one ends it.
    private static func quotedLength(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        let quote = scalars[start]
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == quote {
                if index + 1 < scalars.count && scalars[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1 - start
            }
            index += 1
        }
        return scalars.count - start
    }

    /// `/* … */`, nested as PostgreSQL nests them.
    private static func blockCommentLength(_ scalars: [Unicode.Scalar], at start: Int) -> Int {
        var depth = 0
        var index = start
        while index + 1 < scalars.count {
            if scalars[index] == "/" && scalars[index + 1] == "*" {
                depth += 1
                index += 2
            } else if scalars[index] == "*" && scalars[index + 1] == "/" {
                depth -= 1
                index += 2
                if depth == 0 { return index - start }
            } else {
                index += 1
            }
        }
        return scalars.count - start
    }

    /// `$tag$ … $tag$` or `$$ … $$`; nil for a `$` that opens none (such as `$1`).
    private static func dollarQuoteLength(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        var index = start + 1
        while index < scalars.count, scalars[index] != "$", continuesWord(scalars[index]) {
            if index == start + 1 && isASCIIDigit(scalars[index]) { return nil }
            index += 1
        }
        guard index < scalars.count, scalars[index] == "$" else { return nil }
        let delimiter = Array(scalars[start...index])
        var search = index + 1
        while search + delimiter.count <= scalars.count {
            if scalars[search..<(search + delimiter.count)].elementsEqual(delimiter) {
                return search + delimiter.count - start
            }
            search += 1
        }
        return scalars.count - start
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    private static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar >= "0" && scalar <= "9"
    }
}
