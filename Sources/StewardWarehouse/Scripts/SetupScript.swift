/// A manual-setup script: commented SQL, in sections that each name the database to run in.
///
/// The statements are the planner's steps, so a script does exactly what the automatic path
/// would. It carries the system account's password only as a verifier (`md5…` for Redshift,
/// `SCRAM-SHA-256$…` for PostgreSQL), never the password itself; still, treat it like a
/// credential file.
package struct SetupScript: Sendable, Hashable {
    /// Steps that run in one database, in order.
    package struct Section: Sendable, Hashable {
        package var title: String
        /// The database to connect to before running the section.
        package var database: String
        package var steps: [Step]
        /// Wrapped in `BEGIN` / `COMMIT` (false when a statement cannot run in a transaction).
        package var transactional: Bool

        package init(title: String, database: String, steps: [Step], transactional: Bool) {
            self.title = title
            self.database = database
            self.steps = steps
            self.transactional = transactional
        }
    }

    package var kind: SetupScriptKind
    package var dialect: DialectKind
    package var integrationName: String
    /// `host:port` the script is for.
    package var server: String
    package var sections: [Section]
    /// Lines for the header: what the script is for and what to do after it.
    package var notes: [String]

    package init(kind: SetupScriptKind, dialect: DialectKind, integrationName: String, server: String, sections: [Section], notes: [String]) {
        self.kind = kind
        self.dialect = dialect
        self.integrationName = integrationName
        self.server = server
        self.sections = sections
        self.notes = notes
    }

    package var steps: [Step] { sections.flatMap(\.steps) }
    package var isEmpty: Bool { steps.isEmpty }

    /// The script text. Throws only if a value cannot be written as a SQL literal.
    package func render() throws -> String {
        var lines = [
            "-- Steward \(kind.rawValue) script for integration \(integrationName) on \(server) (\(dialect.rawValue) dialect).",
        ]
        lines += notes.map { "-- \($0)" }
        if dialect == .postgresql {
            lines += ["-- Run it with psql, which stops at the first error:", "\\set ON_ERROR_STOP on"]
        }
        if isEmpty {
            lines += ["--", "-- Nothing to do: the warehouse already matches."]
        }
        var number = 0
        for section in sections where !section.steps.isEmpty {
            lines += ["", "-- ===== \(section.title) =====", "-- Connect to database \(section.database) to run this part."]
            if dialect == .postgresql, sections.filter({ !$0.steps.isEmpty }).count > 1 {
                lines.append("\\connect \(try SQLIdentifier(section.database).quoted)")
            }
            if section.transactional { lines.append("BEGIN;") }
            for step in section.steps {
                number += 1
                lines.append("")
                lines.append("-- \(number). \(step.description)")
                if let note = idempotenceNote(step) { lines.append("--    \(note)") }
                lines.append(try statementText(step))
            }
            if section.transactional { lines += ["", "COMMIT;"] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What happens on a second run, for statements the engine cannot make idempotent.
    func idempotenceNote(_ step: Step) -> String? {
        if isRepeatable(step) { return nil }
        if step.creates != nil {
            return "Not repeatable: on a second run this fails because the object exists; skip it."
        }
        if step.drops != nil {
            return "Fails if the object does not exist (this engine has no IF EXISTS here); skip it then."
        }
        return nil
    }
}
