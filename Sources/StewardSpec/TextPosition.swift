/// A 1-based line and column (in bytes) of a byte offset, for errors found before YAML parsing.
struct TextPosition {
    var line: Int
    var column: Int

    init(of offset: Int, in bytes: [UInt8]) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        self.line = line
        self.column = offset - lineStart + 1
    }
}
