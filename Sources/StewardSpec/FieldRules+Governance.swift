extension FieldRules {
    static let governanceNameCharacters = "letters, digits, spaces and _ . @ : - + / #"

    /// Names of groups, attributes, attribute values, data sources, users and policies: they are
    /// written into view definitions as SQL literals and into `|`-delimited profile values, so
    /// quotes, backslashes and `|` are refused. 1 to 128 characters.
    static func governanceName(_ value: String, key: String) -> RuleViolation? {
        if value.isEmpty || value.count > 128 {
            return RuleViolation(message: value.isEmpty ? "must not be empty" : "is \(value.count) characters long; the limit is 128",
                                 fix: "use 1 to 128 \(governanceNameCharacters)")
        }
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " _.@:-+/#".unicodeScalars.contains(scalar))
        }
        if !allowed || value.hasPrefix(" ") || value.hasSuffix(" ") {
            return RuleViolation(message: "\(Quoted(value)) is not a valid \(key)",
                                 fix: "use only \(governanceNameCharacters), not starting or ending with a space")
        }
        return nil
    }

    /// A column, schema or table of a source table: any name the catalog can hold (1 to 63
    /// bytes, no control characters). It is always quoted in SQL.
    static func catalogName(_ value: String, key: String) -> RuleViolation? {
        if value.isEmpty { return RuleViolation(message: "must not be empty", fix: "give the \(key) as the catalog spells it") }
        if value.utf8.count > 63 {
            return RuleViolation(message: "is \(value.utf8.count) bytes long; the limit is 63 bytes", fix: "check the \(key)")
        }
        if value.unicodeScalars.contains(where: isControl) {
            return RuleViolation(message: "\(Quoted(value)) contains a control character", fix: "check the \(key)")
        }
        return nil
    }

    /// Text written into a view definition as a literal (masking constants, regex patterns):
    /// printable ASCII without backslash (the one literal rule both engines read the same way).
    static func sqlText(_ value: String, key: String) -> RuleViolation? {
        if value.count > 1024 { return RuleViolation(message: "is longer than 1024 characters", fix: "shorten the \(key)") }
        if value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F && $0 != "\\" }) { return nil }
        return RuleViolation(message: "\(Quoted(value)) contains a backslash or a character outside printable ASCII",
                             fix: key == "pattern" ? "use POSIX classes such as [[:digit:]] instead of \\d" : "use printable ASCII without backslashes")
    }
}
