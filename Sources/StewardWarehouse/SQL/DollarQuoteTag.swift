/// A dollar-quote delimiter (`$steward$`) that does not occur in the text it encloses, so no
/// name inside the body can end the quote early.
enum DollarQuoteTag {
    /// `$preferred$`, or with `_` appended until the delimiter is absent from `body`. Compared
    /// as UTF-8 bytes, as the server reads them (a `$` followed by a combining mark is a
    /// different `Character` but the same `$` to the server).
    static func unused(in body: String, preferring preferred: String) -> String {
        let bytes = Array(body.utf8)
        var tag = preferred
        while contains(bytes, Array("$\(tag)$".utf8)) { tag += "_" }
        return "$\(tag)$"
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= bytes.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in
            bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
