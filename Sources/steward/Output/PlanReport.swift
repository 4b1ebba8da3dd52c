import Foundation
import StewardWarehouse

/// What `steward plan` found for one or more spec files, and its three renderings: `sql` (the
/// statements, redacted, as a reviewer reads them), `text` (one line a step and a summary,
/// coloured on a terminal unless `NO_COLOR` is set) and `json` (for a pipeline).
struct PlanReport {
    enum Outcome: String, Encodable {
        case changes, unchanged, error
    }

    struct StepView: Encodable {
        var description: String
        var database: String
        var sql: String
        var parameters: [String?]
    }

    struct Entry: Encodable {
        var name: String
        var file: String
        var outcome: Outcome
        var error: String?
        var steps: [StepView]
    }

    struct Summary: Encodable, Equatable {
        var changes = 0
        var unchanged = 0
        var errors = 0
    }

    var entries: [Entry] = []

    var summary: Summary {
        var summary = Summary()
        for entry in entries {
            switch entry.outcome {
            case .changes: summary.changes += 1
            case .unchanged: summary.unchanged += 1
            case .error: summary.errors += 1
            }
        }
        return summary
    }

    mutating func add(name: String, file: String, steps: [Step], database: (Step) -> String) {
        let views = steps.map { StepView(description: $0.description, database: database($0),
                                         sql: $0.statement.redactedText, parameters: $0.statement.parameters) }
        entries.append(Entry(name: name, file: file, outcome: steps.isEmpty ? .unchanged : .changes, error: nil, steps: views))
    }

    mutating func addError(name: String, file: String, _ message: String) {
        entries.append(Entry(name: name, file: file, outcome: .error, error: message, steps: []))
    }

    /// `--exit-code`: 1 when any spec could not be planned, else 2 when any has changes, else 0.
    var exitCode: Int32 {
        let summary = summary
        if summary.errors > 0 { return 1 }
        return summary.changes > 0 ? 2 : 0
    }

    // MARK: - Renderings

    /// The statements as SQL comments and text. Errors go to standard error, not into the SQL.
    func sql(folder: Bool) -> (out: String, err: String) {
        var out = ""
        var err = ""
        for entry in entries {
            if let error = entry.error {
                err += "\(entry.name): cannot plan: \(error)\n"
                continue
            }
            if folder { out += "-- ==== \(entry.name) (\(entry.file))\n" }
            if entry.steps.isEmpty {
                out += "-- \(entry.name): nothing to do; the warehouse matches the spec\n"
            }
            for step in entry.steps {
                out += "-- \(step.description) [in \(step.database)]\n"
                for (index, value) in step.parameters.enumerated() { out += "-- $\(index + 1) = \(value ?? "NULL")\n" }
                out += step.sql + ";\n\n"
            }
        }
        if folder { out += "-- \(Self.summaryLine(summary))\n" }
        return (out, err)
    }

    /// One line a step under its integration, then the summary; `colour` adds ANSI colours.
    func text(colour: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = ""
        for entry in entries {
            switch entry.outcome {
            case .unchanged:
                out += "\(entry.name): " + paint("nothing to do", "32") + "\n"
            case .error:
                out += "\(entry.name): " + paint("cannot plan: \(entry.error ?? "")", "31") + "\n"
            case .changes:
                out += "\(entry.name): " + paint("\(entry.steps.count) step\(entry.steps.count == 1 ? "" : "s")", "33") + "\n"
                for step in entry.steps { out += "  " + paint("+", "33") + " \(step.description) [in \(step.database)]\n" }
            }
        }
        return out + Self.summaryLine(summary) + "\n"
    }

    func json() throws -> String {
        struct Document: Encodable {
            var integrations: [Entry]
            var summary: Summary
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(integrations: entries, summary: summary)), as: UTF8.self)
    }

    static func summaryLine(_ summary: Summary) -> String {
        "\(summary.changes) to change, \(summary.unchanged) up to date, \(summary.errors) failed"
    }

    /// Colour only for a terminal, and never when `NO_COLOR` is set (https://no-color.org) or
    /// `TERM` is `dumb`.
    static func wantsColour(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isatty(STDOUT_FILENO) == 1 else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }
}
