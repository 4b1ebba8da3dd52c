extension SetupScript {
    /// The statement of `step` as the script writes it. On PostgreSQL, creating a database, user
    /// or role is made repeatable: a `DO` block for roles, psql's `\gexec` for a database (which
    /// cannot be created inside a block). Redshift has neither, so its statements stay as they
    /// are, with a note (see `idempotenceNote`).
    func statementText(_ step: Step) throws -> String {
        let text = try step.statement.scriptText()
        guard dialect == .postgresql, let object = step.creates,
              let name = try? SQLLiteral(object.name) else { return text }
        switch object.kind {
        case .database:
            guard let command = try? SQLLiteral(String(text.dropLast())) else { return text }
            return "SELECT \(command.quoted) WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = \(name.quoted))\\gexec"
        case .user, .role:
            let tag = "$steward$"
            guard !text.contains(tag) else { return text }
            return "DO \(tag) BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = \(name.quoted)) THEN \(text) END IF; END \(tag);"
        }
    }

    /// Whether `step` is written in a repeatable form.
    func isRepeatable(_ step: Step) -> Bool {
        guard let text = try? statementText(step) else { return false }
        if step.creates != nil { return text.contains("NOT EXISTS") }
        if step.drops != nil { return text.contains("IF EXISTS") }
        return true
    }
}
