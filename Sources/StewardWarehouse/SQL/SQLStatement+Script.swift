extension SQLStatement {
    /// The statement as a script shows it: parameters (`$1`, `$2`, …) replaced by quoted
    /// literals in one pass (a value that itself contains `$1` is never substituted again),
    /// ending in `;`. Unlike `redactedText` it keeps a password verifier, because the script must
    /// set it.
    ///
    /// Throws when a parameter value cannot be a literal (see `SQLLiteral`).
    public func scriptText() throws -> String {
        let literals = try parameters.map { value in try value.map { try SQLLiteral($0).quoted } ?? "NULL" }
        var output = ""
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first {
            scalars = scalars.dropFirst()
            guard first == "$" else {
                output.unicodeScalars.append(first)
                continue
            }
            let digits = scalars.prefix { $0.properties.numericType == .decimal && $0.isASCII }
            if let index = Int(String(String.UnicodeScalarView(digits))), index >= 1, index <= literals.count {
                output += literals[index - 1]
                scalars = scalars.dropFirst(digits.count)
            } else {
                output.unicodeScalars.append(first)
            }
        }
        return output.hasSuffix(";") ? output : output + ";"
    }
}
