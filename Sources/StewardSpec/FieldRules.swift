/// The rules for the string fields of a spec. Each returns nil when the value is fine.
///
/// Messages quote the value only where the caller says it is not secret; password rules never
/// quote. Lengths are in UTF-8 bytes, the unit Redshift and libpq limits are counted in.
enum FieldRules {
    /// Longest name Steward creates (PostgreSQL's NAMEDATALEN - 1; Redshift allows 127 bytes,
    /// the smaller limit keeps names valid on both).
    static let maximumNameBytes = 63
    static let maximumHostBytes = 253
    static let maximumLoginBytes = 127
    static let maximumPathBytes = 4096
    static let maximumCredentialNameBytes = 255

    /// A name Steward creates (database, role): `^[a-z_][a-z0-9_$]*$`, at most 63 bytes.
    ///
    /// Judgement call: upper case is refused rather than folded. Redshift folds unquoted
    /// identifiers to lower case, so `Immuta` and `immuta` name the same database to anyone
    /// typing SQL; accepting only the folded form keeps the spec and the catalog identical.
    static func createdName(_ value: String, key: String) -> RuleViolation? {
        let pattern = "lower-case letters, digits, _ and $, starting with a letter or _"
        if value.isEmpty {
            return RuleViolation(message: "must not be empty", fix: "give a name of \(pattern)")
        }
        if value.utf8.count > maximumNameBytes {
            return RuleViolation(
                message: "is \(value.utf8.count) bytes long; the limit is \(maximumNameBytes) bytes",
                fix: "choose a shorter name")
        }
        if isCreatedName(value) { return nil }
        let lowered = value.lowercased()
        if lowered != value {
            let fix = isCreatedName(lowered) ? "write \(key): \(lowered)" : "use only \(pattern)"
            return RuleViolation(
                message: "\(Quoted(value)) has upper-case letters; Redshift folds identifiers to lower case, "
                    + "so Steward accepts only lower-case names",
                fix: fix)
        }
        return RuleViolation(message: "\(Quoted(value)) is not a valid name: use only \(pattern)",
                             fix: "for example \(key): \(suggestedName(value))")
    }

    static func isCreatedName(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, value.utf8.count <= maximumNameBytes else { return false }
        guard (first >= "a" && first <= "z") || first == "_" else { return false }
        return value.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "$"
        }
    }

    /// A DNS host name or IP address: non-empty, at most 253 bytes, only the characters of
    /// host names and IP addresses (`isHostScalar`). A URL, a `host:port` pair, whitespace, `/`
    /// or a comma gets a specific message.
    static func hostName(_ value: String, key: String, example: String) -> RuleViolation? {
        if value.isEmpty {
            return RuleViolation(message: "must not be empty", fix: "give the host name, e.g. \(key): \(example)")
        }
        if value.contains("://") {
            return RuleViolation(message: "\(Quoted(value)) is a URL, not a host name",
                                 fix: "give the host name alone, without scheme or path, e.g. \(key): \(example)")
        }
        if value.utf8.count > maximumHostBytes {
            return RuleViolation(message: "is \(value.utf8.count) bytes long; host names are at most \(maximumHostBytes) bytes",
                                 fix: "check the value")
        }
        if value.unicodeScalars.contains(where: { isControl($0) || $0.properties.isWhitespace }) {
            return RuleViolation(message: "\(Quoted(value)) contains whitespace or control characters",
                                 fix: "give the host name alone, e.g. \(key): \(example)")
        }
        if value.contains("/") {
            return RuleViolation(message: "\(Quoted(value)) contains /, which a host name cannot",
                                 fix: "give the host name alone, without a path, e.g. \(key): \(example)")
        }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCII), last.allSatisfy(\.isNumber) {
            return RuleViolation(message: "\(Quoted(value)) includes a port",
                                 fix: key == "host" ? "write host: \(parts[0]) and port: \(last)" : "remove :\(last)")
        }
        if let character = value.unicodeScalars.first(where: { !isHostScalar($0) }) {
            return hostCharacterViolation(value, character, key: key, example: example)
        }
        return nil
    }

    /// Letters, digits, `.`, `-`, `_`, and for IPv6 addresses `:`, `[`, `]` and `%` (a zone).
    static func isHostScalar(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            || [".", "-", "_", ":", "[", "]", "%"].contains(scalar)
    }

    /// Why a character cannot be in a host name. A comma matters most: libpq reads `a,b` as a
    /// list of hosts, so the name shown would not be the only server connected to.
    private static func hostCharacterViolation(_ value: String, _ character: Unicode.Scalar, key: String, example: String) -> RuleViolation {
        let shown = Quoted(String(character))
        if character == "," {
            let reason = key == "host" ? "; libpq would read it as a list of hosts" : ", which a host name cannot"
            return RuleViolation(message: "\(Quoted(value)) contains a comma\(reason)", fix: "give one host name, e.g. \(key): \(example)")
        }
        if !character.isASCII {
            return RuleViolation(message: "\(Quoted(value)) contains \(shown), which is not ASCII",
                                 fix: "write an internationalised name in its ASCII form (xn--…), e.g. \(key): \(example)")
        }
        return RuleViolation(message: "\(Quoted(value)) contains \(shown), which a host name cannot",
                             fix: "use letters, digits, ., - and _ (and : for IPv6 addresses), e.g. \(key): \(example)")
    }

    /// A login name or other free text passed to the server: non-empty, at most `maximumBytes`,
    /// no control characters.
    static func text(_ value: String, key: String, maximumBytes: Int, secret: Bool = false) -> RuleViolation? {
        if value.isEmpty {
            return RuleViolation(message: "must not be empty", fix: "give a value for \(key)")
        }
        if value.utf8.count > maximumBytes {
            return RuleViolation(message: "is \(value.utf8.count) bytes long; the limit is \(maximumBytes) bytes",
                                 fix: "check the value")
        }
        if value.unicodeScalars.contains(where: isControl) {
            let shown = secret ? "the value" : Quoted(value).description
            return RuleViolation(message: "\(shown) contains a control character (such as a NUL, tab or line break)",
                                 fix: "remove it")
        }
        return nil
    }

    /// An inline password. Never quoted in messages.
    static func inlinePassword(_ value: String, key: String) -> RuleViolation? {
        if value.isEmpty {
            return RuleViolation(message: "is empty", fix: "give the password, or use passwordFile or passwordCredential")
        }
        if value == Secret.redacted {
            return RuleViolation(
                message: "is the placeholder \(Secret.redacted) that steward get prints, not a password",
                fix: "give the real password, or better a passwordFile or passwordCredential")
        }
        if value.unicodeScalars.contains("\0") {
            return RuleViolation(message: "contains a NUL character, which cannot be sent to the server",
                                 fix: "check the value")
        }
        if value.contains(where: \.isNewline) {
            return RuleViolation(
                message: "contains a line break",
                fix: "if it comes from a block scalar (|), write |- to drop the final line break, or quote the password")
        }
        return nil
    }

    /// An absolute path to a file read at use time.
    static func absolutePath(_ value: String, key: String, example: String) -> RuleViolation? {
        if value.isEmpty {
            return RuleViolation(message: "must not be empty", fix: "give an absolute path, e.g. \(key): \(example)")
        }
        if !value.hasPrefix("/") {
            return RuleViolation(message: "\(Quoted(value)) is not an absolute path",
                                 fix: "write the full path starting with /, e.g. \(key): \(example)")
        }
        if value.utf8.count > maximumPathBytes {
            return RuleViolation(message: "is \(value.utf8.count) bytes long; paths are at most \(maximumPathBytes) bytes",
                                 fix: "check the value")
        }
        if value.unicodeScalars.contains(where: isControl) {
            return RuleViolation(message: "\(Quoted(value)) contains a control character", fix: "remove it")
        }
        return nil
    }

    /// A systemd credential name: `[A-Za-z0-9_.:-]+`, not `.` or `..`.
    static func credentialName(_ value: String, key: String) -> RuleViolation? {
        let example = "\(key): redshift-admin"
        if value.isEmpty {
            return RuleViolation(message: "must not be empty", fix: "give the credential's name, e.g. \(example)")
        }
        if value.contains("/") {
            return RuleViolation(
                message: "\(Quoted(value)) is a path; \(key) takes the name of a systemd credential",
                fix: "use passwordFile for a path, or give the name from LoadCredential=NAME:PATH")
        }
        if value == "." || value == ".." || value.utf8.count > maximumCredentialNameBytes || !isCredentialName(value) {
            return RuleViolation(
                message: "\(Quoted(value)) is not a valid credential name: use letters, digits, _, ., : and - "
                    + "(at most \(maximumCredentialNameBytes) bytes)",
                fix: "use the name from LoadCredential=NAME:PATH, e.g. \(example)")
        }
        return nil
    }

    static func isCredentialName(_ value: String) -> Bool {
        guard !value.isEmpty, value != ".", value != "..", value.utf8.count <= maximumCredentialNameBytes else { return false }
        return value.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9")
                || $0 == "_" || $0 == "." || $0 == ":" || $0 == "-"
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
    }

    /// A best-effort valid name built from an invalid one, for examples in messages.
    static func suggestedName(_ value: String) -> String {
        var out = ""
        for scalar in value.lowercased().unicodeScalars {
            let allowed = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "$"
            out.unicodeScalars.append(allowed ? scalar : "_")
        }
        if let first = out.unicodeScalars.first, first >= "0" && first <= "9" || first == "$" { out = "_" + out }
        if out.isEmpty { out = "immuta" }
        return String(out.utf8.prefix(maximumNameBytes)) ?? "immuta"
    }
}
