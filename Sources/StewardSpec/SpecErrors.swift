/// Every problem found in one spec file, reported together so that one edit can fix them all.
///
/// Thrown by `SpecParser`; Codable so that the status store can keep it and `steward get` can
/// show it later. The description names the file on every line, compiler style:
///
/// ```
/// integrations.d/analytics.yaml: 2 problems
/// integrations.d/analytics.yaml:3:3: config.prot: unknown key (did you mean port?) — rename it to port
/// integrations.d/analytics.yaml:2:1: config.host: required — add the cluster endpoint, e.g. ...
/// ```
package struct SpecErrors: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file (or the source name given to `SpecParser.parse(data:source:)`).
    package var file: String
    /// The problems, in the order they were found; never empty when thrown by the parser.
    package var errors: [SpecError]

    package init(file: String, errors: [SpecError]) {
        self.file = file
        self.errors = errors
    }

    package init(file: String, _ error: SpecError) {
        self.init(file: file, errors: [error])
    }

    /// The errors at exactly `path` (handy in callers and tests).
    package func errors(at path: String) -> [SpecError] {
        errors.filter { $0.path == path }
    }

    /// One line per problem, each prefixed with `file:line:column:` (or `file:`).
    package var lines: [String] {
        errors.map { error in
            var prefix = file
            if let line = error.line {
                prefix += ":\(line)"
                if let column = error.column { prefix += ":\(column)" }
            }
            return "\(prefix): \(error.description)"
        }
    }

    package var description: String {
        switch errors.count {
        case 0: return "\(file): no problems"
        case 1: return lines[0]
        default: return (["\(file): \(errors.count) problems"] + lines).joined(separator: "\n")
        }
    }
}
