extension SQLStatement {
    /// The statement as a script shows it: parameters (`$1`, `$2`, …) replaced by quoted
    /// literals in one pass (a value that itself contains `$1` is never substituted again),
    /// ending in `;`. Unlike `redactedText` it keeps a password verifier, because the script must
    /// set it.
    ///
    /// Only parameters are replaced: a `$1` inside a quoted identifier (`"db$1"` is a valid
    /// database name), a string literal, a dollar-quoted body or a comment, or continuing an
    /// unquoted word, is text and stays as it is.
    ///
    /// Throws when a parameter value cannot be a literal (see `SQLLiteral`).
    package func scriptText() throws -> String {
        let literals = try parameters.map { value in try value.map { try SQLLiteral($0).quoted } ?? "NULL" }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let inWord = index > 0 && SQLTextScanner.continuesWord(scalars[index - 1])
            if !inWord, let length = SQLTextScanner.quotedOrCommentLength(scalars, at: index) {
                output.append(contentsOf: scalars[index..<(index + length)])
                index += length
                continue
            }
            let digits = scalars[(index + 1)...].prefix { $0.isASCII && $0.properties.numericType == .decimal }
            if scalars[index] == "$", !inWord, let number = Int(String(String.UnicodeScalarView(digits))),
               number >= 1, number <= literals.count {
                output.append(contentsOf: literals[number - 1].unicodeScalars)
                index += 1 + digits.count
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        let result = String(output)
        return result.hasSuffix(";") ? result : result + ";"
    }
}
