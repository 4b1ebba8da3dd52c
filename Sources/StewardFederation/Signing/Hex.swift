import StewardSpec

/// Lower-case hexadecimal text of bytes.
enum Hex {
    static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = ""
        for byte in bytes {
            text += byte < 0x10 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }
        return text
    }
}
