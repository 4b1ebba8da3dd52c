/// The text kinds of `FieldKind` in JSON Schema: the pattern and lengths of each `FieldRules`
/// function. Patterns are ECMA-262 regular expressions, ASCII classes only.
extension SpecSchema {
    /// C0 and C1 control characters and DEL: `FieldRules.isControl`.
    static let control = "[\\u0000-\\u001f\\u007f-\\u009f]"
    /// Refuses a control character anywhere in text (`pattern` passes any value that is not a
    /// string, so the inner schema names the type). Said as "no match anywhere" rather than with an
    /// anchored pattern, because `$` also matches before a final line feed in some regular
    /// expression engines (Python's), so `^[^…]*$` would let `name\n` through there.
    static var noControl: [String: Any] { ["not": ["type": "string", "pattern": control]] }
    /// A port from 1 to 65535, leading zeros allowed (`FieldRules.identityProviderHost`).
    static let portNumber = "0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
    /// Host name and IP address characters: `FieldRules.isHostScalar`.
    static let hostCharacters = "[A-Za-z0-9._:\\[\\]%-]"
    /// The types Steward reads as text when they are written plain (`password: 1234`).
    static let plainText: [String] = ["string", "integer", "boolean"]

    static func text(_ kind: FieldKind) -> [String: Any] {
        var schema = textWithoutControls(kind)
        // Every text rule refuses control characters, but the password's (which refuses NUL and
        // line breaks only) and those that are not text.
        switch kind {
        case .password, .identityProviderHost, .constant, .bool, .integer, .choice, .list, .namedMap, .object: break
        default: schema["allOf"] = [noControl] + (schema["allOf"] as? [[String: Any]] ?? [])
        }
        return schema
    }

    private static func textWithoutControls(_ kind: FieldKind) -> [String: Any] {
        switch kind {
        case .createdName:
            // true and false are valid names; no integer is (a name starts with a letter or _).
            return ["type": ["string", "boolean"], "pattern": "^[a-z_][a-z0-9_$]*$", "maxLength": FieldRules.maximumNameBytes]
        case .hostName:
            return hostName
        case .text(let maximumBytes):
            return ["type": plainText, "minLength": 1, "maxLength": maximumBytes]
        case .password:
            // NUL and Character.isNewline: LF, VT, FF, CR, NEL, LS, PS.
            return ["type": plainText, "minLength": 1, "allOf": [
                ["not": ["const": Secret.redacted]],
                ["not": ["type": "string", "pattern": "[\\u0000\\n\\u000b\\u000c\\r\\u0085\\u2028\\u2029]"]],
            ]]
        case .absolutePath:
            return ["type": "string", "maxLength": FieldRules.maximumPathBytes, "pattern": "^/"]
        case .credentialName:
            return ["type": plainText, "maxLength": FieldRules.maximumCredentialNameBytes, "pattern": "^[A-Za-z0-9_.:-]+$",
                    "not": ["enum": [".", ".."]]]
        case .awsName:
            return ["type": plainText, "pattern": "^[a-z0-9-]{1,63}$"]
        case .identityProviderHost:
            let port = "(:\(portNumber))?/?$"
            // FieldRules.hostPart: a bracketed IPv6 address, or everything up to the first colon.
            let urlHost = "(\\[[A-Za-z0-9.:%]+\\]|[A-Za-z0-9._%-]+)"
            let loopback = "(localhost|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|\\[::1\\])"
            return ["anyOf": [
                hostName,
                ["type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]://\(urlHost)\(port)", "allOf": [noControl]],
                ["type": "string", "pattern": "^[Hh][Tt][Tt][Pp]://\(loopback)\(port)", "allOf": [noControl]],
            ]]
        case .governanceName:
            let edge = "[A-Za-z0-9_.@:+/#-]"
            return ["type": plainText, "minLength": 1, "maxLength": 128, "pattern": "^\(edge)([A-Za-z0-9 _.@:+/#-]*\(edge))?$"]
        case .catalogName:
            return ["type": plainText, "minLength": 1, "maxLength": 63]
        case .sqlText:
            return ["type": plainText, "maxLength": 1024, "pattern": "^[\\u0020-\\u005b\\u005d-\\u007e]*$"]
        case .tableReference:
            let part = "[^.]{1,63}"
            return ["type": "string", "pattern": "^\(part)(\\.\(part)){1,2}$"]
        case .constant, .bool, .integer, .choice, .list, .namedMap, .object:
            return value(kind)
        }
    }

    /// `FieldRules.hostName`: host characters, at most 253, and not `name:port`.
    static var hostName: [String: Any] {
        ["type": plainText, "minLength": 1, "maxLength": FieldRules.maximumHostBytes, "pattern": "^\(hostCharacters)+$",
         "allOf": [["not": ["type": "string", "pattern": "^[^:]*:[0-9]+$"]]]]
    }
}
