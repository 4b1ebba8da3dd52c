import Foundation
import Logging
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// Observation in one round trip (`PGConnection.readAhead`) against a real PostgreSQL: a routine
/// check of an enabled integration, with and without policies, is one login and one exchange; a
/// no-op apply is one exchange per connection; and when the warehouse drifted (so the prediction
/// misses) the answers are still the right ones.
@Suite struct ReadAheadTests {
    let bootstrapper = Bootstrapper(logger: Logger(label: "test"))

    @Test(arguments: [true, false]) func aCheckAndANoOpApplyAreOneRoundTripPerConnection(governed: Bool) async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("readahead")
        let database = "db_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        for statement in ["CREATE TABLE public.t (id integer, secret text)", "INSERT INTO public.t VALUES (1, 'x')"] {
            try await Catalog.execute(server, statement, database: database)
        }
        var spec = TestSpecs.automatic(server, database: database, impersonation: governed, role: "imp_\(name)")
        spec.config.existingDatabase = true
        if governed {
            let sources = [DataSource(name: "t", table: TableReference(schema: "public", table: "t"), schema: "governed", columns: ["secret": ["pii"]])]
            spec.governance = Governance(dataSources: sources, users: [MappedUser(name: "reader_\(name)", groups: ["g"])],
                                         policies: [Policy(name: "read", subscription: .init(groups: ["g"])),
                                                    Policy(name: "mask", masking: .init(tags: ["pii"], method: .null))])
        }
        let uid = UUID().uuidString.lowercased()
        var input = BootstrapInputs.make(spec, name: name, uid: uid, privileged: server.password)
        let first = await bootstrapper.apply(input, journal: NoJournal())
        #expect(first.succeeded, "\(first.errorMessage ?? "")")
        input.systemUserPasswordIsNew = false
        if governed { input.ownedObjects = [ManagedObject(kind: .role, name: "imp_\(name)")] }

        // A no-op apply: the initial database, the managed database and the system account's
        // login, one exchange each (none for the system account without policies).
        let applyTrace = PGTrace()
        let again = await PGTrace.$current.withValue(applyTrace) { await bootstrapper.apply(input, journal: NoJournal()) }
        guard case .converged(let steps) = again.result else {
            Issue.record("did not converge: \(again.errorMessage ?? "")")
            return
        }
        #expect(steps.isEmpty, "\(steps.map(\.description))")
        #expect(applyTrace.connections == ["postgres", database, database])
        #expect(applyTrace.exchanges.count == 3, "\(applyTrace.exchanges.map { $0.statements.map { $0.prefix(70) } })")

        // The routine check: one login, one exchange.
        let checkTrace = PGTrace()
        let check = await PGTrace.$current.withValue(checkTrace) { await bootstrapper.check(input) }
        guard case .clean = check else {
            Issue.record("the check is not clean: \(check)")
            return
        }
        #expect(checkTrace.connections == [database])
        #expect(checkTrace.exchanges.count == 1, "\(checkTrace.exchanges.map { $0.statements.map { $0.prefix(70) } })")

        // Drift the prediction cannot foresee still gets the right answer.
        if governed {
            try await Catalog.execute(server, "DROP VIEW governed.t", database: database)
            guard case .needsRepair(let repairs) = await bootstrapper.check(input) else {
                Issue.record("a dropped view went unnoticed")
                return
            }
            #expect(repairs.contains { $0.description.contains("governed.t") }, "\(repairs.map(\.description))")
            try await Catalog.execute(server, "REVOKE SELECT ON public.t FROM \"steward_\(name)\"", database: database)
        } else {
            try await Catalog.execute(server, "DROP SCHEMA immuta_functions", database: database)
        }
        guard case .needsRepair(let repairs) = await bootstrapper.check(input) else {
            Issue.record("drift went unnoticed")
            return
        }
        #expect(!repairs.isEmpty)
        let repaired = await bootstrapper.apply(input, journal: NoJournal())
        #expect(repaired.succeeded, "\(repaired.errorMessage ?? "")")
        guard case .clean = await bootstrapper.check(input) else {
            Issue.record("the repaired integration does not check clean")
            return
        }

        let deletion = DeletionInput(integrationUID: uid, integrationName: name, privileged: server.parameters(), database: database,
                                     systemUser: "steward_\(name)", roles: governed ? ["imp_\(name)"] : [], ownedObjects: input.ownedObjects)
        var single = deletion
        single.existingDatabase = true
        _ = await bootstrapper.delete(single, journal: NoJournal())
        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
    }

    @Test func readAheadAnswersEachQueryOnceAndAWriteDropsTheAnswers() async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        let table = TestNames.unique("readahead_rows")
        try await connection.execute(SQLStatement("CREATE TEMPORARY TABLE \(table) (n integer)"))
        let count = SQLStatement("SELECT count(*) AS n FROM \(table)")
        let trace = PGTrace()
        try await PGTrace.$current.withValue(trace) {
            try await connection.readAhead([count, SQLStatement("SELECT * FROM missing_\(table)"), count])
            try await connection.execute(SQLStatement("INSERT INTO \(table) VALUES (1)"))
            // Answered from the read-ahead (as of before the insert), twice, then from the server.
            #expect(try await connection.query(count).value("n") == "0")
            #expect(try await connection.query(count).value("n") == "0")
            #expect(try await connection.query(count).value("n") == "1")
            // The failing read is answered with its own error; it stopped nothing.
            let error = await #expect(throws: WarehouseError.self) { try await connection.query("SELECT * FROM missing_\(table)") }
            #expect(error?.sqlState == "42P01")
            #expect(connection.endReadAhead() == 0)

            try await connection.readAhead([count])
            try await connection.pipeline([SQLStatement("INSERT INTO \(table) VALUES (2)")])
            #expect(connection.endReadAhead() == 0, "a pipeline drops what was read ahead")
            #expect(try await connection.query(count).value("n") == "2")
        }
        // read-ahead, INSERT, third count, the failing one (answered ahead), read-ahead, pipeline, count.
        #expect(trace.exchanges.count == 6, "\(trace.exchanges.map(\.statements))")
    }

    @Test func independentStatementsFailAlone() async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        // Each statement its own transaction: no shared transaction id, and an error between
        // two reads leaves both answered.
        let answers = try await connection.independently([
            SQLStatement("SELECT pg_current_xact_id()::text AS id"),
            SQLStatement("SELECT 1/0 AS boom"),
            SQLStatement("SELECT pg_current_xact_id()::text AS id"),
        ])
        #expect(answers.count == 3)
        let first = try answers[0].get().value("id")
        let third = try answers[2].get().value("id")
        #expect(first != nil && third != nil && first != third)
        guard case .failure(let error) = answers[1] else {
            Issue.record("division by zero succeeded")
            return
        }
        #expect(error.sqlState == "22012")
        // Many more than the window, with errors throughout.
        let many = try await connection.independently((0..<3000).map { i in
            i % 7 == 0 ? SQLStatement("SELECT 1/0") : SQLStatement("SELECT $1::integer AS n", parameters: ["\(i)"])
        }, window: 64)
        #expect(many.count == 3000)
        for (i, answer) in many.enumerated() {
            switch answer {
            case .success(let result): #expect(i % 7 != 0 && result.value("n") == "\(i)")
            case .failure: #expect(i % 7 == 0)
            }
        }
        #expect(try await connection.query("SELECT 7 AS n").value("n") == "7")
    }
}
