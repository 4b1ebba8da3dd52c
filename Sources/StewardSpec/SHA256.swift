import Crypto

/// SHA-256 for stable digests of specs, short name suffixes and API key digests: a thin face
/// over swift-crypto (BoringSSL on Linux), so the rest of the package keeps one small vocabulary
/// and no hand-written hashing remains.
///
/// Named like swift-crypto's own type on purpose: modules that import StewardSpec and not
/// Crypto call `SHA256.hexDigest(of:)` unchanged. Inside StewardSpec the library's type is
/// spelled `Crypto.SHA256`.
package enum SHA256 {
    /// The digest of `bytes`.
    package static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        Array(Crypto.SHA256.hash(data: Array(bytes)))
    }

    /// The digest of `bytes` as 64 lower-case hex digits.
    package static func hexDigest<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(hash(bytes))
    }

    /// The digest of the UTF-8 bytes of `text` as 64 lower-case hex digits.
    package static func hexDigest(of text: String) -> String {
        hexDigest(Array(text.utf8))
    }

    /// `bytes` as lower-case hex digits, two a byte.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
