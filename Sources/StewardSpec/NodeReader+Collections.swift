import Yams

extension NodeReader {
    /// The elements of a list, or nil (reported) if the node is not a list. Lists are capped at
    /// `maximumListLength` elements, so a hostile file cannot make the walk unbounded.
    mutating func sequence(_ node: Node, at path: FieldPath, expected: String, example: String) -> [Node]? {
        rejectAnchorOrTag(node, at: path)
        guard case .sequence(let sequence) = node else {
            report(path, "expected \(expected), got \(describe(node, secret: false))", fix: "write a list, e.g. \(example)", at: node.mark)
            return nil
        }
        let elements = Array(sequence)
        if elements.count > SpecParser.maximumListLength {
            report(path, "has \(elements.count) entries; the limit is \(SpecParser.maximumListLength)",
                   fix: "split the integration into several spec files", at: node.mark)
            return nil
        }
        return elements
    }

    /// A list of strings that each pass `check`; duplicates are reported.
    mutating func strings(_ node: Node, at path: FieldPath, expected: String, example: String,
                          check: (String) -> RuleViolation?) -> [String]? {
        guard let elements = sequence(node, at: path, expected: "a list of \(expected)", example: example) else { return nil }
        var values: [String] = []
        var ok = true
        for (index, element) in elements.enumerated() {
            let elementPath = path.appending(index: index)
            guard let value = string(element, at: elementPath, expected: expected, example: example) else {
                ok = false
                continue
            }
            if let violation = check(value) {
                report(elementPath, violation, at: element.mark)
                ok = false
            } else if values.contains(value) {
                report(elementPath, "\(Quoted(value)) is listed twice", fix: "keep it once", at: element.mark)
                ok = false
            } else {
                values.append(value)
            }
        }
        return ok ? values : nil
    }

    /// A mapping whose keys are names chosen by the author (columns, attributes): each key
    /// passes `checkKey`; duplicates are reported.
    mutating func namedEntries(_ node: Node, at path: FieldPath, expected: String, example: String,
                               checkKey: (String) -> RuleViolation?) -> [(key: String, path: FieldPath, value: Node)]? {
        rejectAnchorOrTag(node, at: path)
        guard case .mapping(let mapping) = node else {
            report(path, "expected \(expected), got \(describe(node, secret: false))", fix: "write a mapping, e.g. \(example)", at: node.mark)
            return nil
        }
        var entries: [(key: String, path: FieldPath, value: Node)] = []
        var ok = true
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(path, "has a key that is not a name", fix: "e.g. \(example)", at: keyNode.mark)
                ok = false
                continue
            }
            let key = scalar.string
            let keyPath = path.appending(key)
            if let violation = checkKey(key) {
                report(keyPath, violation, at: keyNode.mark)
                ok = false
            } else if entries.contains(where: { $0.key == key }) {
                report(keyPath, "duplicate key", fix: "a key may appear only once in a mapping; keep one and delete the other", at: keyNode.mark)
                ok = false
            } else {
                entries.append((key, keyPath, value))
            }
        }
        return ok ? entries : nil
    }
}
