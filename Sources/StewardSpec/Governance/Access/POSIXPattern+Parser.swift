extension POSIXPattern {
    /// Recursive descent over the pattern's scalars: alternation ▸ sequence ▸ quantified atom.
    struct Parser {
        let scalars: [Unicode.Scalar]
        let source: String
        var index = 0

        init(scalars: [Unicode.Scalar], source: String) {
            self.scalars = scalars
            self.source = source
        }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func unsupported(_ what: String) -> AccessError {
            AccessError(.unsupportedPattern, "pattern \"\(source)\" uses \(what), which the access model does not evaluate",
                        fix: "use literals, ., [...] with ranges and [:class:], (...), |, greedy * + ? {m,n}, ^ and $")
        }

        mutating func alternation() throws(AccessError) -> Node {
            var branches = [try sequence()]
            while current == "|" {
                index += 1
                branches.append(try sequence())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() throws(AccessError) -> Node {
            var items: [Node] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                var atom = try self.atom()
                while let bounds = try quantifier() { atom = .repetition(atom, min: bounds.min, max: bounds.max) }
                items.append(atom)
            }
            return .sequence(items)
        }

        mutating func atom() throws(AccessError) -> Node {
            guard let scalar = current else { throw unsupported("an unexpected end") }
            index += 1
            switch scalar {
            case "(":
                if current == "?" { throw unsupported("(?…)") }
                let inner = try alternation()
                guard current == ")" else { throw unsupported("an unclosed (") }
                index += 1
                return inner
            case "[": return .scalar(try bracket())
            case ".": return .scalar { _ in true }
            case "^": return .start
            case "$": return .end
            case "*", "+", "?", "{": throw unsupported("a quantifier with nothing to repeat")
            default: return .scalar { $0 == scalar }
            }
        }

        mutating func quantifier() throws(AccessError) -> (min: Int, max: Int?)? {
            let bounds: (min: Int, max: Int?)
            switch current {
            case "*": index += 1; bounds = (0, nil)
            case "+": index += 1; bounds = (1, nil)
            case "?": index += 1; bounds = (0, 1)
            case "{":
                index += 1
                guard let low = number() else { throw unsupported("{ without a count") }
                var high: Int? = low
                if current == "," {
                    index += 1
                    high = number()
                }
                guard current == "}", high.map({ $0 >= low }) ?? true, low <= 255 else { throw unsupported("an invalid {m,n}") }
                index += 1
                bounds = (low, high)
            default: return nil
            }
            if current == "?" { throw unsupported("a non-greedy quantifier") }
            return bounds
        }

        mutating func number() -> Int? {
            var digits = ""
            while let scalar = current, ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
                index += 1
            }
            return Int(digits)
        }

        /// `[...]` after its `[`: an optional `^`, a literal `]` first, ranges, `[:class:]`.
        mutating func bracket() throws(AccessError) -> @Sendable (Unicode.Scalar) -> Bool {
            let negated = current == "^"
            if negated { index += 1 }
            var tests: [@Sendable (Unicode.Scalar) -> Bool] = []
            var first = true
            while let scalar = current, scalar != "]" || first {
                first = false
                index += 1
                if scalar == "[", let next = current, next == "." || next == "=" { throw unsupported("[\(next)…\(next)]") }
                if scalar == "[", current == ":" {
                    index += 1
                    var name = ""
                    while let letter = current, letter != ":" { name.unicodeScalars.append(letter); index += 1 }
                    guard current == ":", index + 1 < scalars.count, scalars[index + 1] == "]", let test = Self.characterClass(name) else {
                        throw unsupported("the class [:\(name):]")
                    }
                    index += 2
                    tests.append(test)
                } else if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    let upper = scalars[index + 1]
                    guard scalar.value <= upper.value else { throw unsupported("the backwards range \(scalar)-\(upper)") }
                    index += 2
                    tests.append { (scalar.value...upper.value).contains($0.value) }
                } else {
                    tests.append { $0 == scalar }
                }
            }
            guard current == "]" else { throw unsupported("an unclosed [") }
            index += 1
            let all = tests
            return { scalar in all.contains { $0(scalar) } != negated }
        }

        static func characterClass(_ name: String) -> (@Sendable (Unicode.Scalar) -> Bool)? {
            switch name {
            case "alpha": { $0.properties.isAlphabetic }
            case "digit": { ("0"..."9").contains($0) }
            case "alnum": { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            case "upper": { $0.properties.isUppercase }
            case "lower": { $0.properties.isLowercase }
            case "space": { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) }
            case "blank": { $0 == " " || $0 == "\t" }
            case "xdigit": { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }
            case "punct": { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && !$0.properties.isAlphabetic && !("0"..."9").contains($0) }
            default: nil
            }
        }
    }
}
