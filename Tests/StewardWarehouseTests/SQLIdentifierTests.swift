import StewardTestSupport
import StewardWarehouse
import Testing

@Suite struct SQLIdentifierTests {
    @Test(arguments: [
        ("immuta", "\"immuta\""),
        ("a\"b", "\"a\"\"b\""),
        ("x\"; DROP DATABASE postgres; --", "\"x\"\"; DROP DATABASE postgres; --\""),
        ("Ünïcødé_データ", "\"Ünïcødé_データ\""),
        ("\"\"", "\"\"\"\"\"\""),
        ("a b", "\"a b\""),
    ])
    func quotesByDoublingQuotes(name: String, expected: String) throws {
        #expect(try SQLIdentifier(name).quoted == expected)
    }

    /// A quote followed by a combining mark is one `Character` that is not `"`, but the server
    /// reads a quote: quoting must double it all the same (found by Fuzz/run.sh quoting).
    @Test(arguments: ["x\"\u{301}; DROP DATABASE postgres; --", "\"\u{20DD}", "a\"\u{FE0F}\"\u{200D}b"])
    func quotesFollowedByCombiningMarksAreDoubled(name: String) throws {
        let quoted = Array(try SQLIdentifier(name).quoted.utf8)
        let doubled = Array(name.utf8).flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] }
        #expect(quoted == [UInt8(ascii: "\"")] + doubled + [UInt8(ascii: "\"")])
    }

    @Test(arguments: ["", String(repeating: "a", count: 64), String(repeating: "é", count: 32), "nul\u{0}byte", "tab\tname", "line\nbreak", "del\u{7F}"])
    func refusesUnusableNames(name: String) {
        #expect(throws: WarehouseError.self) { try SQLIdentifier(name) }
    }

    @Test func refusesOverLongNamesWithTheirLength() {
        do {
            _ = try SQLIdentifier(String(repeating: "x", count: 130))
            Issue.record("expected an error")
        } catch let error as WarehouseError {
            #expect(error.kind == .invalidName)
            #expect(error.message.contains("130 bytes"))
            #expect(error.fix != nil)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// The quoting holds against a real server: hostile names become exactly themselves in the catalog.
    @Test func hostileNamesRoundTripThroughPostgreSQL() async throws {
        let server = try await TestPostgres.shared.start()
        let database = TestNames.unique("quoting")
        try await Catalog.execute(server, "CREATE DATABASE \(try SQLIdentifier(database).quoted)")
        let names = [
            "x\"; DROP SCHEMA public; --", "Robert'); DROP TABLE students;--", "ünï_データ", "MixedCase", "a\"\"b",
            "semi;colon", String(repeating: "z", count: 63), "$dollar", "back\\slash", "x\"\u{301}; DROP SCHEMA public; --",
        ]
        for name in names {
            let identifier = try SQLIdentifier(name)
            try await Catalog.execute(server, "CREATE SCHEMA \(identifier.quoted)", database: database)
            let found = try await Catalog.query(server, "SELECT nspname FROM pg_namespace WHERE nspname = $1", [name], database: database)
            #expect(found.rows.count == 1, "schema \(name) not found as itself")
        }
        #expect(try await Catalog.query(server, "SELECT 1 FROM pg_namespace WHERE nspname = 'public'", database: database).rows.count == 1)
        try await Catalog.execute(server, "DROP DATABASE \(try SQLIdentifier(database).quoted)")
    }

    @Test func literalsRefuseBackslashesAndDoubleQuotes() throws {
        #expect(try SQLLiteral("it's").quoted == "'it''s'")
        #expect(throws: WarehouseError.self) { try SQLLiteral("a\\'b") }
        #expect(throws: WarehouseError.self) { try SQLLiteral("é") }
    }
}
