import StewardSpec
import StewardWarehouse
import Testing

@Suite struct ScriptTextTests {
    @Test func parametersBecomeQuotedLiteralsInOnePass() throws {
        let statement = SQLStatement("INSERT INTO t VALUES ($1, $2, $10, $3)", parameters: ["a'b", "$1", nil, "x", "5", "6", "7", "8", "9", "ten"])
        #expect(try statement.scriptText() == "INSERT INTO t VALUES ('a''b', '$1', 'ten', NULL);")
    }

    /// `$1` is a parameter only in code: not inside a quoted identifier (`db$1` is a valid
    /// database name), a literal, a comment, a dollar-quoted body or an unquoted word (found by
    /// Fuzz/run.sh quoting).
    @Test func parametersInsideQuotesCommentsAndWordsAreText() throws {
        let text = #"SELECT "db$1", 'it''s $1', $1 /* $1 /* $1 */ */, x$1 -- $1"# + "\n" + #", $$ $1 $$, $t$ $1 $t$, $2"#
        let expected = #"SELECT "db$1", 'it''s $1', 'v' /* $1 /* $1 */ */, x$1 -- $1"# + "\n" + #", $$ $1 $$, $t$ $1 $t$, NULL;"#
        #expect(try SQLStatement(text, parameters: ["v", nil]).scriptText() == expected)
        #expect(try SQLStatement("DELETE FROM \"$1\" WHERE a = $1", parameters: ["b"]).scriptText() == "DELETE FROM \"$1\" WHERE a = 'b';")
    }

    /// The DO block's dollar quote cannot be closed by a role whose name contains its tag.
    @Test func dollarQuoteTagIsNotInTheBody() throws {
        let plain = PostgreSQLDialect().grantMembershipToCurrentUser(in: try SQLIdentifier("steward_a")).text
        #expect(plain.hasPrefix("DO $steward$ BEGIN"))
        let hostile = PostgreSQLDialect().grantMembershipToCurrentUser(in: try SQLIdentifier("x$steward$ END; DROP ROLE y; --")).text
        #expect(hostile.hasPrefix("DO $steward_$ BEGIN"))
        #expect(hostile.hasSuffix("END $steward_$"))
    }

    @Test func aValueThatCannotBeALiteralIsRefused() {
        #expect(throws: WarehouseError.self) { try SQLStatement("SELECT $1", parameters: ["back\\slash"]).scriptText() }
    }

    @Test func markerUIDIsStableAndDependsOnIdentity() throws {
        func uid(_ name: String, _ database: String) -> String {
            let spec = IntegrationSpec(autoBootstrap: false, config: RedshiftConfig(host: "H.example.com", database: database))
            return ManualSetup(integrationName: name, spec: spec, dialect: .redshift).markerUID
        }
        #expect(uid("a", "db") == uid("a", "db"))
        #expect(uid("a", "db") != uid("b", "db"))
        #expect(uid("a", "db") != uid("a", "db2"))
        #expect(uid("a", "db").count == 36)
        #expect(uid("a", "db").split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    }

    @Test func oktaSystemAccountOnPostgreSQLIsTheIAMLoginName() {
        let spec = ScriptGoldenTests.spec(okta: true)
        #expect(ManualSetup.systemAccount(for: spec, dialect: .redshift) == "taylor@redshift.com")
        #expect(ManualSetup.systemAccount(for: spec, dialect: .postgresql) == "IAM:taylor@redshift.com")
    }
}
