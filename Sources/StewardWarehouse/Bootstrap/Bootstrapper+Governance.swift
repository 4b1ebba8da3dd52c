import StewardSpec

extension Bootstrapper {
    /// The enforcement steps the spec needs now, observed through `connection` (the system
    /// account in the managed database). Empty when the spec has no governance and none was
    /// ever set up.
    package func governanceSteps(_ spec: IntegrationSpec, connection: PGConnection, dialect: DialectKind) async throws -> [Step] {
        let governance = spec.governance
        let observed = try await GovernanceCatalog(dialect: dialect).observe(connection, governance: governance, managedDatabase: spec.config.database)
        if governance.isEmpty && observed.tracked.isEmpty && observed.profileRows.isEmpty {
            return []
        }
        let impersonation = spec.config.impersonation
        let role = impersonation.enabled && !governance.isEmpty ? try SQLIdentifier(impersonation.role) : nil
        return try GovernancePlanner(dialect: dialect.governance).plan(
            governance, impersonationRole: role, managedDatabase: spec.config.database, observed: observed)
    }

    /// Plans and applies enforcement as the system account, in one transaction. Where the
    /// engine cannot record a view's catalog hash while recording the view (Redshift: catalog
    /// reads may not be mixed with writes to user tables), a second catalog read records it, so
    /// that the next check finds nothing to do.
    package func enforce(_ spec: IntegrationSpec, connection: PGConnection, dialect: DialectKind) async throws -> [Step] {
        var steps = try await governanceSteps(spec, connection: connection, dialect: dialect)
        if !steps.isEmpty {
            try await runInTransaction(steps, on: connection)
            if !dialect.governance.recordsCatalogHashInline {
                let records = try await governanceSteps(spec, connection: connection, dialect: dialect)
                    .filter { $0.description.hasPrefix(GovernancePlanner.recordStepPrefix) }
                if !records.isEmpty {
                    try await runInTransaction(records, on: connection)
                    steps += records
                }
            }
        }
        return steps
    }

    /// What a data source's test adds when its view was made by this apply.
    static let justNow = " (created or replaced just now)"

    /// One test per data source once enforcement converged: its view is in place and current,
    /// and answers a query as its owner (`ViewReadThrough`, through `connection`, the system
    /// account). Returns the first failure's message, nil when every view reads.
    func verifyDataSources(_ spec: IntegrationSpec, connection: PGConnection, systemUser: String, repaired: [Step],
                           tests: inout ValidationRecorder) async throws -> String? {
        let failures = try await ViewReadThrough.unreadable(connection, dataSources: spec.governance.dataSources)
        let failed = Dictionary(failures.map { ($0.dataSource, $0) }, uniquingKeysWith: { first, _ in first })
        // "Create view SCHEMA.VIEW for data source NAME (reason)": what was (re)created just now,
        // as "SCHEMA.VIEW for data source NAME", looked up once per source (not a search of every
        // step for every source, which is quadratic in the data sources).
        let created = Set(repaired.compactMap { step -> Substring? in
            let text = step.description
            guard text.hasPrefix("Create view "), let reason = text.range(of: " (", options: .backwards) else { return nil }
            return text[text.index(text.startIndex, offsetBy: "Create view ".count)..<reason.lowerBound]
        })
        var first: String?
        for source in spec.governance.dataSources {
            let view = "\(source.schema).\(source.view)"
            if let failure = failed[source.name] {
                let message = ViewReadThrough.message(failure, systemUser: systemUser)
                tests.fail(ValidationTestName.dataSource(source.name), message: message)
                first = first ?? message
                continue
            }
            let touched = created.contains("\(view) for data source \(source.name)")
            tests.pass(ValidationTestName.dataSource(source.name), message: "view \(view) is in place and current, and reads as its owner"
                + (touched ? Self.justNow : ""), result: [view])
        }
        return first
    }

    /// The privileged grants on source tables the spec still needs (see `SourceGrants`).
    package func sourceGrantSteps(_ spec: IntegrationSpec, systemUser: SQLIdentifier, connection: PGConnection) async throws -> [Step] {
        let tables = SourceGrants.localTables(spec.governance, managedDatabase: spec.config.database)
        guard !tables.isEmpty else { return [] }
        let observed = try await SourceGrants.observe(connection, tables: tables, systemUser: systemUser.name)
        return try SourceGrants.steps(spec.governance, managedDatabase: spec.config.database, systemUser: systemUser, observed: observed)
    }
}
