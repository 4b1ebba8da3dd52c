import Testing
import StewardSpec

@Suite("Unknown keys, did-you-mean and reporting everything at once")
struct UnknownKeyTests {
    @Test func misspeltKeyGetsASuggestion() throws {
        let error = try #require(failure(at: "config.prot", in: SpecYAML.config("prot", "5439")))
        #expect(error.message == "unknown key (did you mean port?)")
        #expect(error.fix == "rename it to port")
        #expect(error.line == 9)
        #expect(error.column == 3)
    }

    @Test(arguments: [
        ("hots", "host"), ("databse", "database"), ("Port", "port"), ("PASSWORD", "password"),
        ("passwordfile", "passwordFile"), ("sslmode", "sslMode"), ("conectTimeout", "connectTimeout"),
    ])
    func suggestionsWithinTwoEdits(_ typo: String, _ suggestion: String) throws {
        let error = try #require(failure(at: "config.\(typo)", in: SpecYAML.config(typo, "x")))
        #expect(error.message == "unknown key (did you mean \(suggestion)?)")
    }

    @Test func farKeyListsTheAllowedKeys() throws {
        let error = try #require(failure(at: "config.warehouse", in: SpecYAML.config("warehouse", "SAMPLE")))
        #expect(error.message == "unknown key")
        #expect(error.fix?.hasPrefix("remove it; the keys allowed in config are host, port, database") == true)
    }

    @Test func keyInTheWrongMappingSaysWhereItBelongs() throws {
        let error = try #require(failure(at: "host", in: SpecYAML(top: [("host", "x.example.com")]).text))
        #expect(error.message == "unknown key here (host belongs in config)")
        #expect(error.fix == "move it into config")
        let enabled = try #require(failure(at: "config.appId", in: SpecYAML.config("appId", "Okta")))
        #expect(enabled.message == "unknown key here (appId belongs in config.okta)")
    }

    @Test func keysFromTheGetResponse() throws {
        let error = try #require(failure(at: "status", in: SpecYAML(top: [("status", "enabled")]).text))
        #expect(error.message == "unknown key (it is part of what steward get prints, not of a spec)")
    }

    @Test func oddKeysAreQuotedInThePath() throws {
        let error = try #require(failure(at: "config.\"my key\"", in: SpecYAML.config("\"my key\"", "1")))
        #expect(error.message == "unknown key")
    }

    @Test func valuesOfUnknownKeysAreNeverShown() throws {
        let errors = try #require(failures(SpecYAML.config("pasword", "\"CANARY-unknown-key\"").replacingOccurrences(
            of: "  password: \"s3cret\"\n", with: "")))
        #expect(!errors.description.contains("CANARY"))
        #expect(errors.errors(at: "config.pasword").first?.message == "unknown key (did you mean password?)")
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let text = """
            type: Redshift
            autoBootstrap: yes
            config:
              prot: 5439
              database: Immuta
              authenticationType: userPassword
              password: "s3cret"
              passwordFile: /etc/steward/admin
              sslMode: prefer
            deletionPolicy: delete
            """
        let errors = try #require(failures(text, source: "integrations.d/analytics.yaml"))
        #expect(errors.file == "integrations.d/analytics.yaml")
        #expect(errors.errors.map(\.path) == [
            "autoBootstrap", "config.prot", "config.host", "config.database",
            "config.username", "config", "config.sslMode", "deletionPolicy",
        ])
        let lines = errors.description.split(separator: "\n")
        #expect(lines.first == "integrations.d/analytics.yaml: 8 problems")
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("integrations.d/analytics.yaml:") })
        #expect(lines.contains("integrations.d/analytics.yaml:4:3: config.prot: unknown key (did you mean port?) — rename it to port"))
    }

    @Test func duplicateKeysAreOneClearError() throws {
        let text = SpecYAML().text + "  port: 5439\n  port: 5440\n"
        let errors = try #require(failures(text))
        #expect(errors.errors.count == 1)
        let error = try #require(errors.errors.first)
        #expect(error.message == "duplicate key port in one mapping")
        #expect(error.line == 9)
    }

    @Test func duplicateKeysInJSONAndWithQuotes() throws {
        let json = #"{"type": "Redshift", "type": "Redshift", "autoBootstrap": true}"#
        #expect(failures(json)?.errors.first?.message == "duplicate key type in one mapping")
        let quoted = "type: Redshift\n'type': Redshift\n"
        #expect(failures(quoted)?.errors.first?.message == "duplicate key type in one mapping")
    }
}
