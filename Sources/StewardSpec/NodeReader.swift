import Yams

/// Reads typed values out of composed YAML nodes and collects every problem on the way, so
/// that one pass reports all of them.
///
/// Only the nodes of known fields are ever visited, so the work is bounded by the size of the
/// schema, not of the document. Typing is strict and does not use Yams' YAML 1.1 resolver:
/// booleans are exactly `true` or `false`, integers are plain decimal digits, and a quoted
/// `"5439"` is a string, with a fix that says to drop the quotes. Plain scalars are accepted as
/// strings verbatim (`password: 0123` is the text `0123`).
struct NodeReader {
    /// The problems found, at most `SpecParser.maximumReportedErrors`; see `reportedErrors`.
    private(set) var errors: [SpecError] = []
    /// Problems found after `errors` was full: counted, not kept.
    private(set) var overflow = 0

    private var isFull: Bool { errors.count >= SpecParser.maximumReportedErrors }

    /// `errors`, with the last one replaced by a count of the rest if there were too many.
    var reportedErrors: [SpecError] {
        guard overflow > 0 else { return errors }
        return errors.dropLast() + [SpecError(
            path: "", message: "\(overflow + 1) more problems are not shown",
            fix: "fix the problems above and check the file again")]
    }

    mutating func report(_ path: FieldPath, _ message: String, fix: String?, at mark: Mark?) {
        guard !isFull else {
            overflow += 1
            return
        }
        errors.append(SpecError(path: path.description, message: message, fix: fix,
                                line: mark?.line, column: mark?.column))
    }

    mutating func report(_ path: FieldPath, _ violation: RuleViolation, at mark: Mark?) {
        report(path, violation.message, fix: violation.fix, at: mark)
    }

    // MARK: Mappings

    /// The fields of the mapping at `path`; nil (and reported) if the node is not a mapping.
    /// Keys that are not strings, repeated keys and unknown keys are reported here.
    mutating func fields(_ node: Node, at path: FieldPath, schema: KeySchema, expected: String) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(path, "expected \(expected), got \(describe(node, secret: false))",
                   fix: "write it as a mapping of \(schema.keys.joined(separator: ", "))", at: node.mark)
            return nil
        }
        rejectAnchorOrTag(node, at: path)
        var entries: [String: Fields.Entry] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode, !isNull(keyScalar) || keyScalar.style != .plain else {
                report(path, "has a key that is not a plain name (\(describe(keyNode, secret: false)))",
                       fix: "keys are names such as \(schema.keys.first ?? "type")", at: keyNode.mark)
                continue
            }
            let key = keyScalar.string
            let keyPath = path.appending(key)
            if entries[key] != nil {
                report(keyPath, "duplicate key", fix: "a key may appear only once in a mapping; keep one and delete the other",
                       at: keyNode.mark)
                continue
            }
            guard schema.keys.contains(key) else {
                if isFull {
                    overflow += 1
                    continue
                }
                let advice = schema.adviceForUnknownKey(key)
                report(keyPath, advice.message, fix: advice.fix, at: keyNode.mark)
                continue
            }
            entries[key] = Fields.Entry(key: keyNode, value: value)
        }
        return Fields(path: path, mark: node.mark, entries: entries)
    }

    // MARK: Scalars

    /// A string value. Plain scalars count as strings verbatim; null, mappings and lists do not.
    mutating func string(_ node: Node, at path: FieldPath, expected: String, example: String, secret: Bool = false) -> String? {
        rejectAnchorOrTag(node, at: path)
        guard case .scalar(let scalar) = node, !isNull(scalar) || scalar.style != .plain else {
            report(path, "expected \(expected), got \(describe(node, secret: secret))",
                   fix: "give a value, e.g. \(example)", at: node.mark)
            return nil
        }
        return scalar.string
    }

    /// `true` or `false`, unquoted, exactly.
    mutating func bool(_ node: Node, at path: FieldPath, example: String) -> Bool? {
        rejectAnchorOrTag(node, at: path)
        if case .scalar(let scalar) = node {
            if scalar.style == .plain {
                if scalar.string == "true" { return true }
                if scalar.string == "false" { return false }
            }
            let lowered = scalar.string.lowercased()
            let fix: String
            if lowered == "true" || lowered == "false" {
                fix = scalar.style == .plain ? "write it in lower case: \(path.name): \(lowered)"
                                             : "remove the quotes: \(path.name): \(lowered)"
            } else if ["yes", "no", "on", "off", "y", "n", "1", "0"].contains(lowered) {
                fix = "write true or false; yes/no/on/off are not accepted, e.g. \(example)"
            } else {
                fix = "write true or false, e.g. \(example)"
            }
            report(path, "expected true or false, got \(describe(node, secret: false))", fix: fix, at: node.mark)
            return nil
        }
        report(path, "expected true or false, got \(describe(node, secret: false))",
               fix: "write true or false, e.g. \(example)", at: node.mark)
        return nil
    }

    /// A plain decimal integer within `range`.
    mutating func integer(_ node: Node, at path: FieldPath, range: ClosedRange<Int>, unit: String = "",
                          example: String) -> Int? {
        rejectAnchorOrTag(node, at: path)
        let expected = "an integer \(range.lowerBound)-\(range.upperBound)\(unit)"
        guard case .scalar(let scalar) = node else {
            report(path, "expected \(expected), got \(describe(node, secret: false))",
                   fix: "write a number, e.g. \(example)", at: node.mark)
            return nil
        }
        let text = scalar.string
        let digits = !text.isEmpty && text.utf8.count <= 20 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if digits, let value = Int(text), scalar.style == .plain {
            if range.contains(value) { return value }
            report(path, "expected \(expected), got \(value)",
                   fix: "use a value from \(range.lowerBound) to \(range.upperBound), e.g. \(example)", at: node.mark)
            return nil
        }
        let fix = digits && scalar.style != .plain ? "remove the quotes: \(path.name): \(text)"
                                                   : "write a number, e.g. \(example)"
        report(path, "expected \(expected), got \(describe(node, secret: false))", fix: fix, at: node.mark)
        return nil
    }

    /// One of the raw values of `T`, spelt exactly; a near miss gets a suggestion.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, at path: FieldPath, as type: T.Type,
                                                             extraAdvice: [String: String] = [:]) -> T?
    where T.RawValue == String {
        rejectAnchorOrTag(node, at: path)
        let names = T.allCases.map(\.rawValue)
        let list = names.count == 2 ? "\(names[0]) or \(names[1])" : "one of \(names.joined(separator: ", "))"
        guard case .scalar(let scalar) = node, !isNull(scalar) || scalar.style != .plain else {
            report(path, "expected \(list), got \(describe(node, secret: false))",
                   fix: "e.g. \(path.name): \(names[0])", at: node.mark)
            return nil
        }
        if let value = T(rawValue: scalar.string) { return value }
        var message = "expected \(list), got \(Quoted(scalar.string))"
        var fix = "e.g. \(path.name): \(names[0])"
        if let advice = extraAdvice[scalar.string.lowercased()] {
            fix = advice
        } else if let suggestion = EditDistance.suggestion(for: scalar.string, among: names) {
            message += " (did you mean \(suggestion)?)"
            fix = "write \(path.name): \(suggestion)"
        }
        report(path, message, fix: fix, at: node.mark)
        return nil
    }

    // MARK: Helpers

    /// Refuses a node that carries an anchor (the text scan refuses them first; this is a second
    /// line of defence for anything it could not see) or an explicit YAML tag (`!!str 5439`,
    /// `!!int "1"`, `!custom`): a value's type comes from how it is written, as in JSON, so a
    /// tag is a type mismatch like any other.
    mutating func rejectAnchorOrTag(_ node: Node, at path: FieldPath) {
        if let tag = explicitTag(node) {
            report(path, "carries the YAML tag \(tag), which specs do not allow: a value's type comes from how it is written",
                   fix: "remove the tag; write numbers and true/false plain (port: 5439) and text plain or in quotes", at: node.mark)
        }
        let anchored: Bool
        switch node {
        case .scalar(let scalar): anchored = scalar.anchor != nil
        case .mapping(let mapping): anchored = mapping.anchor != nil
        case .sequence(let sequence): anchored = sequence.anchor != nil
        case .alias: anchored = true
        }
        if anchored {
            report(path, "uses a YAML anchor or alias, which specs do not allow",
                   fix: "write the value out in full", at: node.mark)
        }
    }

    /// The tag written on `node`, shortened (`!!str`), or nil when none was. Reads the tag as
    /// parsed (`Node.Scalar.tag`, never `Node.tag`, which would resolve an implicit one); a
    /// quoted scalar without a tag carries `str` from the parser, which is what quotes mean.
    func explicitTag(_ node: Node) -> String? {
        let raw: String
        switch node {
        case .scalar(let scalar):
            raw = scalar.tag.rawValue
            if raw == Tag.Name.str.rawValue && scalar.style != .plain { return nil }
        case .mapping(let mapping): raw = mapping.tag.rawValue
        case .sequence(let sequence): raw = sequence.tag.rawValue
        case .alias: return nil
        }
        guard !raw.isEmpty else { return nil }
        let core = "tag:yaml.org,2002:"
        return raw.hasPrefix(core) ? "!!" + raw.dropFirst(core.count) : raw
    }

    func isNull(_ scalar: Node.Scalar) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node is shown after "got": its value in quotes unless it is secret.
    func describe(_ node: Node, secret: Bool) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if scalar.style == .plain && isNull(scalar) { return "no value (null)" }
            if secret { return "a value that is not text" }
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            return quoted ? "the quoted string \(Quoted(scalar.string))" : Quoted(scalar.string).description
        }
    }
}
