/// A small reference lexer for the SQL Steward writes, working on UTF-8 bytes the way
/// PostgreSQL's scanner does (and Redshift's, for the subset Steward uses): it knows quoted
/// identifiers, string literals (standard-conforming: no backslash escapes), dollar-quoted
/// bodies, `$n` parameters and both comment forms. Everything else is kept byte for byte as
/// "skeleton", so two statements have the same shape exactly when their skeletons are equal.
///
/// It is deliberately independent of `SQLIdentifier` and `SQLLiteral`: it undoes their quoting
/// with the server's rules, so any disagreement is a bug in one of them. The injection tests read
/// the server's statement log with it; the quoting fuzz target (`Fuzz/`) links this file.
package struct SQLLexer {
    package enum Token: Equatable, Sendable {
        /// `"..."`, with `""` turned back into `"`.
        case identifier([UInt8])
        /// `'...'`, with `''` turned back into `'`.
        case literal([UInt8])
        /// `$tag$...$tag$`: the tag and the body.
        case dollarQuoted(tag: [UInt8], body: [UInt8])
        /// `$1`, `$2`, ...
        case parameter(Int)
        /// `-- ...` or `/* ... */`.
        case comment
        /// `;`
        case semicolon
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The tokens of `text`, and its skeleton: the text with identifiers, literals, parameters
    /// and comments replaced by `<I>`, `<L>`, `<P>` and `<C>`; a dollar-quoted body is lexed in
    /// turn and its skeleton put between `<D>` and `</D>` (whatever its tag).
    package struct Result: Sendable {
        package var tokens: [Token] = []
        package var skeleton: [UInt8] = []

        package var identifiers: [[UInt8]] {
            tokens.compactMap { if case .identifier(let name) = $0 { name } else { nil } }
        }

        package var literals: [[UInt8]] {
            tokens.compactMap { if case .literal(let value) = $0 { value } else { nil } }
        }
    }

    package static func lex(_ text: String) throws(Failure) -> Result {
        let bytes = Array(text.utf8)
        var result = Result()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let (content, next) = try quoted(bytes, from: index, quote: byte)
                result.tokens.append(byte == UInt8(ascii: "\"") ? .identifier(content) : .literal(content))
                result.skeleton += Array((byte == UInt8(ascii: "\"") ? "<I>" : "<L>").utf8)
                index = next
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                result.tokens.append(.comment)
                result.skeleton += Array("<C>".utf8)
                index = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                result.tokens.append(.comment)
                result.skeleton += Array("<C>".utf8)
                index = try blockCommentEnd(bytes, from: index)
            case UInt8(ascii: "$") where !continuesWord(bytes, at: index):
                if let (token, next) = try dollar(bytes, from: index) {
                    switch token {
                    case .dollarQuoted(let tag, let body):
                        // The body is SQL too (a DO block): its tokens count, inside the quote.
                        let inner = try lex(String(decoding: body, as: UTF8.self))
                        result.tokens.append(.dollarQuoted(tag: tag, body: body))
                        result.tokens += inner.tokens
                        result.skeleton += Array("<D>".utf8) + inner.skeleton + Array("</D>".utf8)
                    default:
                        result.tokens.append(token)
                        result.skeleton += Array("<P>".utf8)
                    }
                    index = next
                } else {
                    result.skeleton.append(byte)
                    index += 1
                }
            case UInt8(ascii: ";"):
                result.tokens.append(.semicolon)
                result.skeleton.append(byte)
                index += 1
            default:
                result.skeleton.append(byte)
                index += 1
            }
        }
        return result
    }

    /// The content of the quoted token starting at `start`, and the index after it.
    private static func quoted(_ bytes: [UInt8], from start: Int, quote: UInt8) throws(Failure) -> ([UInt8], Int) {
        var content: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote {
                    content.append(quote)
                    index += 2
                    continue
                }
                return (content, index + 1)
            }
            content.append(bytes[index])
            index += 1
        }
        throw Failure(description: "unterminated \(quote == UInt8(ascii: "\"") ? "quoted identifier" : "string literal") at byte \(start)")
    }

    /// PostgreSQL nests block comments.
    private static func blockCommentEnd(_ bytes: [UInt8], from start: Int) throws(Failure) -> Int {
        var depth = 0
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        throw Failure(description: "unterminated block comment at byte \(start)")
    }

    /// `$n` or `$tag$...$tag$` at `start`, or nil when the `$` is an ordinary character.
    private static func dollar(_ bytes: [UInt8], from start: Int) throws(Failure) -> (Token, Int)? {
        var index = start + 1
        if index < bytes.count, isDigit(bytes[index]) {
            var number = 0
            while index < bytes.count, isDigit(bytes[index]) {
                number = min(number * 10 + Int(bytes[index] - UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            return (.parameter(number), index)
        }
        // A dollar quote: `$` [tag] `$`, where a tag starts like an identifier.
        var tag: [UInt8] = []
        while index < bytes.count, isTagByte(bytes[index], first: tag.isEmpty) {
            tag.append(bytes[index])
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "$") else { return nil }
        let delimiter = [UInt8(ascii: "$")] + tag + [UInt8(ascii: "$")]
        let bodyStart = index + 1
        var search = bodyStart
        while search + delimiter.count <= bytes.count {
            if Array(bytes[search..<(search + delimiter.count)]) == delimiter {
                return (.dollarQuoted(tag: tag, body: Array(bytes[bodyStart..<search])), search + delimiter.count)
            }
            search += 1
        }
        throw Failure(description: "unterminated dollar quote at byte \(start)")
    }

    /// In PostgreSQL `$` continues an unquoted word (`a$1` is one identifier, not a parameter).
    private static func continuesWord(_ bytes: [UInt8], at index: Int) -> Bool {
        index > 0 && (isTagByte(bytes[index - 1], first: false) || bytes[index - 1] == UInt8(ascii: "$"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isTagByte(_ byte: UInt8, first: Bool) -> Bool {
        let letter = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
        return letter || (!first && isDigit(byte))
    }
}
