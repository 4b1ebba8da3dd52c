import Logging
import StewardSpec
import StewardWarehouse
import Testing

/// What Steward sends ahead on Redshift (`PGConnection.readAhead`): the reads of a routine check
/// of a governed integration with impersonation and sources in two databases, and of the first
/// connection of an apply. Pinned in `Golden/read-ahead.redshift.sql`, which
/// `Deploy/dev/redshift-conformance.sh` checks against AWS's documentation like every Redshift
/// golden: a read sent ahead is the same text the observation would send, so it obeys the same
/// rules.
@Suite struct ReadAheadGoldenTests {
    @Test func redshiftReadsSentAhead() throws {
        try GoldenFile.check(Self.redshiftText(), against: "read-ahead.redshift.sql")
    }

    static func redshiftText() throws -> String {
        var spec = IntegrationSpec(autoBootstrap: true, config: RedshiftConfig(
            host: "examplecluster.abc123.us-east-1.redshift.amazonaws.com", database: "sales", initialDatabase: "dev",
            impersonation: Impersonation(enabled: true), username: "admin", password: .inline(Secret("unused"))))
        spec.governance = Governance(
            dataSources: [DataSource(name: "customers", table: TableReference(schema: "public", table: "customers"), schema: "governed"),
                          DataSource(name: "orders", table: TableReference(database: "lake", schema: "sales", table: "orders"), schema: "governed")],
            users: [MappedUser(name: "alice", groups: ["analysts"])],
            policies: [Policy(name: "read", subscription: .init(groups: ["analysts"]))])
        let input = BootstrapInput(integrationUID: "0f4c6a52-0000-4000-8000-000000000000", integrationName: "analytics", spec: spec,
                                   privilegedPassword: Secret("unused"), systemUser: "steward_analytics", systemUserPassword: Secret("unused"),
                                   systemUserPasswordIsNew: false, ownedObjects: [], previousRoles: [])
        let query = ObservationQuery(database: "sales", systemUser: "steward_analytics", roles: [Impersonation.defaultRole])
        let bootstrapper = Bootstrapper(logger: Logger(label: "golden"))
        var text = ["-- a routine check, one round trip"]
        text += try bootstrapper.checkReads(input, query: query, dialect: .redshift).map(render)
        text.append("-- a read-through chunk that failed, view by view, one round trip")
        text += try ViewReadThrough.viewReads(spec.governance.dataSources).map(render)
        text.append("-- a profile-only edit: the profile rows, one round trip (before and after the write)")
        text += GovernanceCatalog.profileReads.map(render)
        text.append("-- the first connection of an apply, one round trip")
        text += bootstrapper.observationReads(input, query: query, dialect: .redshift, dryRun: false).map(render)
        return text.joined(separator: "\n") + "\n"
    }

    static func render(_ statement: SQLStatement) -> String {
        let parameters = statement.parameters.map { $0.map { "'\($0)'" } ?? "NULL" }
        return (parameters.isEmpty ? "" : "-- parameters: \(parameters.joined(separator: ", "))\n") + statement.redactedText + ";"
    }
}
