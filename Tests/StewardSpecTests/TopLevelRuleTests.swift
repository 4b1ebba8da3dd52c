import Testing
import StewardSpec

@Suite("Rules for type, autoBootstrap, config and deletionPolicy")
struct TopLevelRuleTests {
    @Test func typeIsRequired() throws {
        let error = try #require(failure(at: "type", in: SpecYAML(top: [("type", nil)]).text))
        #expect(error.message == "required")
        #expect(error.fix == "add type: Redshift")
    }

    @Test func typeMustBeRedshift() throws {
        let error = try #require(failure(at: "type", in: SpecYAML(top: [("type", "Snowflake")]).text))
        #expect(error.description == "type: expected Redshift, got \"Snowflake\"; Steward manages Redshift integrations only"
            + " — write type: Redshift, or manage this integration with another tool")
    }

    @Test func typeIsCaseSensitive() throws {
        let error = try #require(failure(at: "type", in: SpecYAML(top: [("type", "redshift")]).text))
        #expect(error.message.contains("case-sensitive"))
        #expect(error.fix == "write type: Redshift")
    }

    @Test func autoBootstrapIsRequired() throws {
        let error = try #require(failure(at: "autoBootstrap", in: SpecYAML(top: [("autoBootstrap", nil)]).text))
        #expect(error.message == "required")
        #expect(error.fix?.contains("autoBootstrap: true") == true)
        #expect(error.fix?.contains("autoBootstrap: false") == true)
    }

    @Test(arguments: ["yes", "no", "on", "off", "1"])
    func autoBootstrapRefusesYAML11Booleans(_ value: String) throws {
        let error = try #require(failure(at: "autoBootstrap", in: SpecYAML(top: [("autoBootstrap", value)]).text))
        #expect(error.message == "expected true or false, got \"\(value)\"")
        #expect(error.fix?.contains("yes/no/on/off are not accepted") == true)
    }

    @Test func autoBootstrapRefusesQuotedBoolean() throws {
        let error = try #require(failure(at: "autoBootstrap", in: SpecYAML(top: [("autoBootstrap", "\"true\"")]).text))
        #expect(error.message == "expected true or false, got the quoted string \"true\"")
        #expect(error.fix == "remove the quotes: autoBootstrap: true")
    }

    @Test func autoBootstrapRefusesUpperCase() throws {
        let error = try #require(failure(at: "autoBootstrap", in: SpecYAML(top: [("autoBootstrap", "True")]).text))
        #expect(error.fix == "write it in lower case: autoBootstrap: true")
    }

    @Test func configIsRequired() throws {
        let text = "type: Redshift\nautoBootstrap: true\n"
        let error = try #require(failure(at: "config", in: text))
        #expect(error.message == "required")
        #expect(error.fix?.contains("host, database") == true)
    }

    @Test func configMustBeAMapping() throws {
        let text = "type: Redshift\nautoBootstrap: true\nconfig: [host, database]\n"
        let error = try #require(failure(at: "config", in: text))
        #expect(error.message == "expected a mapping with host, database and credentials, got a list")
        #expect(error.line == 3)
    }

    @Test func topLevelMustBeAMapping() throws {
        for text in ["- type: Redshift\n", "just some text\n", "42\n"] {
            let errors = try #require(failures(text))
            #expect(errors.errors.count == 1)
            #expect(errors.errors.first?.path == "")
            #expect(errors.errors.first?.message.hasPrefix("expected a mapping with type, autoBootstrap and config") == true)
        }
    }

    @Test func deletionPolicyDefaultsToDelete() throws {
        #expect(parsed(SpecYAML().text)?.deletionPolicy == .delete)
        #expect(parsed(SpecYAML(top: [("deletionPolicy", "Retain")]).text)?.deletionPolicy == .retain)
        #expect(parsed(SpecYAML(top: [("deletionPolicy", "Delete")]).text)?.deletionPolicy == .delete)
    }

    @Test func deletionPolicyNearMissGetsASuggestion() throws {
        let error = try #require(failure(at: "deletionPolicy", in: SpecYAML(top: [("deletionPolicy", "retain")]).text))
        #expect(error.message == "expected Delete or Retain, got \"retain\" (did you mean Retain?)")
        #expect(error.fix == "write deletionPolicy: Retain")
    }

    @Test func deletionPolicyUnknownValue() throws {
        let error = try #require(failure(at: "deletionPolicy", in: SpecYAML(top: [("deletionPolicy", "Archive")]).text))
        #expect(error.message == "expected Delete or Retain, got \"Archive\"")
    }
}
