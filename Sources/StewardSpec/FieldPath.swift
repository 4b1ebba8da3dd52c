/// A dotted path to a field in a spec, e.g. `config.okta.idpHost`.
///
/// Keys that are not simple names (spaces, dots, punctuation) are quoted so that the path stays
/// readable and unambiguous: `config."my key"`. Long keys are shortened.
struct FieldPath: CustomStringConvertible, Sendable {
    static let root = FieldPath(components: [])

    private(set) var components: [String]

    func appending(_ key: String) -> FieldPath {
        FieldPath(components: components + [key])
    }

    /// The path of the element at `index` of the list at this path, e.g. `policies[2]`.
    func appending(index: Int) -> FieldPath {
        FieldPath(components: components + ["[\(index)]"])
    }

    /// The last component, e.g. `idpHost`.
    var name: String { components.last ?? "" }

    var description: String {
        var text = ""
        for component in components {
            if component.hasPrefix("["), component.hasSuffix("]"), component.dropFirst().dropLast().allSatisfy(\.isNumber) {
                text += component
            } else {
                text += (text.isEmpty ? "" : ".") + Self.quoteIfNeeded(component)
            }
        }
        return text
    }

    /// `port` stays `port`; `my key` becomes `"my key"`; at most 64 characters are kept.
    static func quoteIfNeeded(_ key: String) -> String {
        let simple = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-"
        }
        if simple && key.count <= 64 { return key }
        return Quoted(key).description
    }
}

/// A value shown in an error message: double-quoted, control and invisible characters
/// escaped, at most 64 characters. Only ever used for values of fields that are not secret.
struct Quoted: CustomStringConvertible {
    static let maximumLength = 64
    var value: String

    init(_ value: String) { self.value = value }

    var description: String {
        var out = "\""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == Self.maximumLength {
                out += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Self.isHidden(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Characters that would hide in a message or forge a line: controls (C0, DEL, C1), line
    /// and paragraph separators, and invisible format characters (zero-width spaces, bidi
    /// overrides, a byte-order mark). Shown as escapes so that the reader sees them.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}
