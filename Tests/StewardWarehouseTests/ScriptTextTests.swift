import StewardSpec
import StewardWarehouse
import Testing

@Suite struct ScriptTextTests {
    @Test func parametersBecomeQuotedLiteralsInOnePass() throws {
        let statement = SQLStatement("INSERT INTO t VALUES ($1, $2, $10, $3)", parameters: ["a'b", "$1", nil, "x", "5", "6", "7", "8", "9", "ten"])
        #expect(try statement.scriptText() == "INSERT INTO t VALUES ('a''b', '$1', 'ten', NULL);")
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
