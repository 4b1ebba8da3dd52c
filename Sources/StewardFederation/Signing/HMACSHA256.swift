import StewardSpec

/// HMAC-SHA256 (RFC 2104) on the project's `SHA256`.
///
/// Used to sign AWS requests on the client side, where timing is not an attack surface (nothing
/// is compared against a secret here).
enum HMACSHA256 {
    private static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    static func authenticationCode<Key: Collection, Message: Sequence>(key: Key, message: Message) -> [UInt8]
    where Key.Element == UInt8, Message.Element == UInt8 {
        var block = key.count > blockSize ? SHA256.hash(key) : Array(key)
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// The code of the UTF-8 bytes of `message`.
    static func authenticationCode<Key: Collection>(key: Key, message: String) -> [UInt8] where Key.Element == UInt8 {
        authenticationCode(key: key, message: Array(message.utf8))
    }
}

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
