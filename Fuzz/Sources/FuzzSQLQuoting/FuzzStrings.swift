/// Fuzz bytes turned into `count` strings: split at 0xFF, decoded as UTF-8 (invalid sequences
/// become U+FFFD, as any Swift `String` built from bytes would), missing ones filled in with
/// plain names.
struct FuzzStrings {
    let values: [String]

    init(_ bytes: [UInt8], count: Int) {
        var parts = bytes.split(separator: 0xFF, maxSplits: count - 1, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let fill = ["a", "b", "c", "d", "e", "f", "g", "h"]
        while parts.count < count { parts.append(fill[parts.count % fill.count]) }
        values = parts
    }
}
