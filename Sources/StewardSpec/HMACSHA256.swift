/// HMAC-SHA-256 (RFC 2104) on top of `SHA256`.
///
/// Used where a keyed digest is part of a protocol (SCRAM password verifiers, AWS request
/// signing), never to compare secrets: it is not constant-time.
public enum HMACSHA256 {
    static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticate<Key: Collection, Message: Sequence>(_ message: Message, key: Key) -> [UInt8]
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

    /// PBKDF2 with HMAC-SHA-256 (RFC 8018), one 32-byte block: all SCRAM-SHA-256 needs.
    public static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        var u = authenticate(salt + [0, 0, 0, 1], key: password)
        var result = u
        for _ in 1..<max(iterations, 1) {
            u = authenticate(u, key: password)
            for index in result.indices { result[index] ^= u[index] }
        }
        return result
    }
}
