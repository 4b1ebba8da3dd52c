import Foundation
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// `ViewReadThrough` against a real PostgreSQL: a view whose owner lost its read on the source
/// table is found and named, whatever chunk it is in; readable views cost one query per chunk.
@Suite struct ViewReadThroughTests {
    @Test func namesExactlyTheViewsTheirOwnerCannotRead() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("vrt")
        let database = "db_\(name)"
        let owner = "owner_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        try await Catalog.execute(server, "CREATE ROLE \"\(owner)\" LOGIN PASSWORD 'Owner-Pw-12345'")
        var sources: [DataSource] = []
        // Enough views for two chunks; the unreadable ones sit in both.
        let count = ViewReadThrough.chunkSize + 5
        let broken: Set<Int> = [3, ViewReadThrough.chunkSize + 2]
        for statement in [
            "CREATE TABLE public.open_rows (id integer)", "CREATE TABLE public.closed_rows (id integer)",
            "CREATE SCHEMA governed AUTHORIZATION \"\(owner)\"",
            "GRANT SELECT ON public.open_rows TO \"\(owner)\"", "GRANT SELECT ON public.closed_rows TO PUBLIC",
        ] {
            try await Catalog.execute(server, statement, database: database)
        }
        let ownerConnection = try await PGConnection.connect(server.parameters(database: database)
            .with(user: owner, password: Secret("Owner-Pw-12345")))
        defer { ownerConnection.close() }
        for index in 0..<count {
            let table = broken.contains(index) ? "closed_rows" : "open_rows"
            try await ownerConnection.query("CREATE VIEW governed.v\(index) AS SELECT id FROM public.\(table)")
            sources.append(DataSource(name: "source \(index)", table: TableReference(schema: "public", table: table),
                                      schema: "governed", view: "v\(index)"))
        }
        #expect(try await ViewReadThrough.unreadable(ownerConnection, dataSources: sources).isEmpty, "PUBLIC can still read")

        // The owner's read came only through PUBLIC: revoking it breaks exactly those views.
        try await Catalog.execute(server, "REVOKE SELECT ON public.closed_rows FROM PUBLIC", database: database)
        let failures = try await ViewReadThrough.unreadable(ownerConnection, dataSources: sources)
        #expect(Set(failures.map(\.dataSource)) == Set(broken.map { "source \($0)" }))
        #expect(failures.allSatisfy { $0.message.contains("permission denied") }, "\(failures)")
        let message = try #require(failures.first.map { ViewReadThrough.message($0, systemUser: owner) })
        #expect(message.contains("governed.v3") && message.contains(owner) && message.contains("own SELECT"))

        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE \"\(owner)\"")
    }
}
