import StewardSpec

/// What each observation reads, predicted so that it goes to the server in one round trip
/// (`PGConnection.readAhead`): the same statements, texts and parameters the observation code
/// sends, built by the same functions. A prediction that misses costs a round trip, not a wrong
/// answer; `ReadAheadTests` proves on PostgreSQL that nothing is missed when nothing drifted.
extension Bootstrapper {
    /// What the first connection of `apply` reads before it plans: the engine's version, the end
    /// of sessions a dead steward left (PostgreSQL, not in a dry run) and the server's catalog.
    package func observationReads(_ input: BootstrapInput, query: ObservationQuery, dialect: DialectKind, dryRun: Bool) -> [SQLStatement] {
        var reads = [SQLStatement(SessionSQL.version)]
        if dialect == .postgresql && !dryRun, let end = LeftoverSessions.terminate(integrationName: input.integrationName) {
            reads.append(end)
        }
        return reads + dialect.dialect.catalog.readsOfServer(query)
    }
    /// What a routine check of `input` reads when nothing drifted, in the order it reads it, and
    /// last the cleanup of ended impersonation sessions (harmless whatever the check finds).
    package func checkReads(_ input: BootstrapInput, query: ObservationQuery, dialect: DialectKind) throws -> [SQLStatement] {
        let spec = input.spec
        var reads = dialect.dialect.catalog.readsOfObserveAll(query)
        if input.needsEnforcement {
            let tables = SourceGrants.localTables(spec.governance, managedDatabase: spec.config.database)
            reads += [SourceGrants.read(tables, dialect: dialect)].compactMap { $0 }
            reads += try enforcementReads(spec, dialect: dialect, inPlace: true)
        } else {
            reads += try ViewReadThrough.reads(spec.governance.dataSources)
        }
        if spec.config.impersonation.enabled && !spec.governance.isEmpty, let cleanup = dialect.governance.cleanupEndedImpersonations {
            reads.append(cleanup)
        }
        return reads
    }

    /// What enforcement reads as the system account: its catalog reads and the read-through of
    /// every view. With `inPlace` false (enforcement never ran), the reads of its own tables and
    /// views, which would fail, are left out.
    func enforcementReads(_ spec: IntegrationSpec, dialect: DialectKind, inPlace: Bool) throws -> [SQLStatement] {
        GovernanceCatalog(dialect: dialect).reads(spec, tablesExist: inPlace)
            + (inPlace ? try ViewReadThrough.reads(spec.governance.dataSources) : [])
    }
}
