/// One problem found in a spec file: where it is, what is wrong, and how to fix it.
///
/// `path` is the dotted field path (`config.okta.idpHost`); it is empty for problems with the
/// file as a whole (size, encoding, YAML syntax). `line` and `column` (1-based) point into the
/// file where known. The text never contains a secret value: messages quote only the values of
/// fields that are not secret, and never the values of unknown keys.
package struct SpecError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Dotted path of the field, e.g. `config.port`; empty for the whole file.
    package var path: String
    /// What is wrong, e.g. `expected an integer 1-65535, got "abc"`.
    package var message: String
    /// How to fix it, e.g. `write the port as a number: port: 5439`.
    package var fix: String?
    /// 1-based line in the file, where known.
    package var line: Int?
    /// 1-based column (in Unicode scalars), where known.
    package var column: Int?

    package init(path: String, message: String, fix: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.message = message
        self.fix = fix
        self.line = line
        self.column = column
    }

    /// `config.prot: unknown key (did you mean port?) — rename it to port`
    package var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        if let fix { text += " — \(fix)" }
        return text
    }

    /// `line 4, column 3` or `line 4`, or nil when the position is unknown.
    package var location: String? {
        guard let line else { return nil }
        guard let column else { return "line \(line)" }
        return "line \(line), column \(column)"
    }
}
