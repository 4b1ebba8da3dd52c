/// A byte count as an operator reads it: `1048577 bytes`, `1 MiB (1048576 bytes)`.
struct ByteCount: CustomStringConvertible {
    var bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }

    var description: String {
        let mebibyte = 1 << 20, kibibyte = 1 << 10
        if bytes > 0, bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB (\(bytes) bytes)" }
        if bytes > 0, bytes % kibibyte == 0 { return "\(bytes / kibibyte) KiB (\(bytes) bytes)" }
        return "\(bytes) bytes"
    }
}
