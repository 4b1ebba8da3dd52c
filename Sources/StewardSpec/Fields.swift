import Yams

/// The known fields of one mapping, after unknown and repeated keys have been reported.
struct Fields {
    struct Entry {
        var key: Node
        var value: Node
    }

    let path: FieldPath
    let mark: Mark?
    let entries: [String: Entry]

    subscript(key: String) -> Node? { entries[key]?.value }

    func has(_ key: String) -> Bool { entries[key] != nil }

    /// Where `key` is written, for errors about the key itself.
    func keyMark(_ key: String) -> Mark? { entries[key]?.key.mark ?? mark }
}
