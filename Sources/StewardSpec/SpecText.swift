import Foundation

/// Turns the raw bytes of a spec file into text, refusing what is not a small UTF-8 text file.
///
/// Checks, in order: size limit, emptiness, a UTF-16/32 byte-order mark, a UTF-8 byte-order mark
/// (stripped), NUL bytes (binary data), invalid UTF-8, and C0 control characters other than tab,
/// line feed and carriage return (YAML does not allow them). Each refusal is one `SpecError` that
/// says where the offending byte is, never what the surrounding text says.
enum SpecText {
    static func decode(_ data: Data, limit: Int) -> Result<String, SpecError> {
        if data.count > limit {
            return .failure(SpecError(
                path: "",
                message: "the file is \(ByteCount(data.count)), more than the limit of \(ByteCount(limit))",
                fix: "a spec describes one integration and fits in a few hundred bytes; check that this is the right file"))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            return .failure(SpecError(
                path: "", message: "the file is encoded as UTF-16 (it starts with a UTF-16 byte-order mark)",
                fix: "save it as UTF-8", line: 1, column: 1))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return .failure(emptyFile())
        }
        if let nul = bytes.firstIndex(of: 0) {
            let position = TextPosition(of: nul, in: bytes)
            return .failure(SpecError(
                path: "",
                message: "the file contains binary data (a NUL byte at byte offset \(nul))",
                fix: "a spec file is UTF-8 text (YAML or JSON); check that this is the right file",
                line: position.line, column: position.column))
        }
        if let invalid = firstInvalidUTF8(bytes) {
            let position = TextPosition(of: invalid, in: bytes)
            return .failure(SpecError(
                path: "",
                message: "the file is not valid UTF-8 (byte 0x\(hexByte(bytes[invalid])) at byte offset \(invalid))",
                fix: "save the file as UTF-8",
                line: position.line, column: position.column))
        }
        if let control = bytes.firstIndex(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) {
            let position = TextPosition(of: control, in: bytes)
            return .failure(SpecError(
                path: "",
                message: "the file contains a control character (byte 0x\(hexByte(bytes[control])))",
                fix: "remove it; YAML allows only tab, line feed and carriage return among control characters, "
                    + "and inside double quotes you can write escapes such as \\t",
                line: position.line, column: position.column))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    static func emptyFile() -> SpecError {
        SpecError(
            path: "", message: "the file is empty (it holds no YAML document)",
            fix: "write a spec with type: Redshift, autoBootstrap and config, or remove the file")
    }

    /// Offset of the first byte that does not belong to a valid UTF-8 sequence, or nil.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return text.count == 1 ? "0" + text : text
    }
}
