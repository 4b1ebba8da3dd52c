/// The parts of a `&...;` reference that XML and HTML share: the five predefined entities and
/// numeric character references.
package enum CharacterReference {
    /// `lt`, `gt`, `amp`, `quot`, `apos`.
    package static func predefined(_ name: Substring) -> Character? {
        switch name {
        case "lt": "<"
        case "gt": ">"
        case "amp": "&"
        case "quot": "\""
        case "apos": "'"
        default: nil
        }
    }

    /// `#65` or `#x41` (the text between `&` and `;`) as a scalar XML allows: tab, line feed,
    /// carriage return and U+0020 upwards, except surrogates, U+FFFE and U+FFFF.
    package static func numeric(_ body: Substring) -> Unicode.Scalar? {
        guard body.hasPrefix("#") else { return nil }
        var digits = body.dropFirst()
        var radix = 10
        if digits.hasPrefix("x") || digits.hasPrefix("X") {
            radix = 16
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: radix),
              let scalar = Unicode.Scalar(value), isAllowed(scalar) else { return nil }
        return scalar
    }

    package static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
