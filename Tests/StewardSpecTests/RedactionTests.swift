import Foundation
import Testing
import StewardSpec

@Suite("Redaction: secrets never appear in any textual form")
struct RedactionTests {
    static let canary = "CANARY-7f3a9c-secret"

    /// Every textual form of `value` that could end up in a log, a store or a terminal.
    static func renderings(of value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped, "\(value)"]
    }

    @Test func specWithInlinePasswordNeverPrintsIt() throws {
        let userPassword = try #require(parsed(Seed.userPassword.replacingOccurrences(of: "abc1234", with: Self.canary)))
        let okta = try #require(parsed(Seed.okta.replacingOccurrences(of: "abc1234", with: Self.canary)))
        for spec in [userPassword, okta] {
            for text in Self.renderings(of: spec) + Self.renderings(of: spec.config) + Self.renderings(of: spec.redacted) {
                #expect(!text.contains(Self.canary), "\(text)")
            }
            let json = String(decoding: spec.redacted.canonicalJSON(), as: UTF8.self)
            #expect(!json.contains(Self.canary))
            #expect(json.contains("\"password\":\"<REDACTED>\""))
        }
    }

    @Test func errorsOfASpecWithAnInlinePasswordNeverPrintIt() throws {
        let text = """
            type: Redshift
            autoBootstrap: maybe
            config:
              hots: cluster.example.com
              port: "abc"
              database: Bad-Name
              username: admin
              password: "\(Self.canary)"
              passwordFile: relative/path
              okta: {password: "\(Self.canary)", appId: 1}
              sslMode: prefer
            """
        let errors = try #require(failures(text))
        #expect(errors.errors.count >= 7)
        let encoded = try JSONEncoder().encode(errors)
        let renderings = Self.renderings(of: errors) + errors.errors.flatMap { Self.renderings(of: $0) }
            + [String(decoding: encoded, as: UTF8.self), errors.localizedDescription]
        for rendering in renderings {
            #expect(!rendering.contains(Self.canary), "\(rendering)")
        }
    }

    @Test func invalidPasswordsAreDescribedWithoutTheirValue() throws {
        for value in ["\"\(Self.canary)\\u0000\"", "\"\(Self.canary)\\n\""] {
            let error = try #require(failure(at: "config.password", in: SpecYAML.config("password", value)))
            #expect(!error.description.contains("CANARY"))
        }
        let list = try #require(failure(at: "config.password", in: SpecYAML.config("password", "[\(Self.canary)]")))
        #expect(!list.description.contains("CANARY"))
    }

    @Test func yamlSyntaxErrorsDoNotQuoteTheFile() throws {
        // Yams' own messages include the offending line; ours give only the position.
        let text = "type: Redshift\nconfig:\n  password: \(Self.canary)\n    bad: indentation\n"
        let errors = try #require(failures(text))
        #expect(!errors.description.contains("CANARY"))
        #expect(errors.errors.first?.line == 4)
        let duplicate = "password: \(Self.canary)\npassword: \(Self.canary)\n"
        #expect(failures(duplicate)?.description.contains("CANARY") == false)
    }

    @Test func redactedShape() throws {
        let spec = try #require(parsed(Seed.userPassword))
        let redacted = spec.redacted
        #expect(redacted.type == "Redshift")
        #expect(redacted.config.port == 5439)
        #expect(redacted.config.password == "<REDACTED>")
        #expect(redacted.config.passwordFile == nil)
        #expect(redacted.config.username == "taylor@redshift.com")
        #expect(redacted.config.impersonation == RedactedSpec.ImpersonationSettings(enabled: false, role: "immuta_impersonation"))
        #expect(String(decoding: redacted.canonicalJSON(), as: UTF8.self) == """
            {"autoBootstrap":true,"config":{"authenticationType":"userPassword","connectTimeout":10,\
            "database":"immuta","host":"organization.aws.amazon.com","impersonation":{"enabled":false,\
            "role":"immuta_impersonation"},"initialDatabase":"REDSHIFT_SAMPLE_DATA","password":"<REDACTED>",\
            "port":5439,"sslMode":"require","username":"taylor@redshift.com"},"deletionPolicy":"Delete","type":"Redshift"}
            """)
    }

    @Test func referencesAreShownAsTheyAre() throws {
        let text = oktaYAML([("password", nil), ("passwordCredential", "okta-admin")])
        let redacted = try #require(parsed(text)).redacted
        #expect(redacted.config.okta?.password == nil)
        #expect(redacted.config.okta?.passwordCredential == "okta-admin")
        #expect(redacted.config.okta?.username == "taylor@redshift.com")
        let file = try #require(parsed(SpecYAML(config: [("password", nil), ("passwordFile", "/etc/steward/admin")]).text))
        #expect(file.redacted.config.password == nil)
        #expect(file.redacted.config.passwordFile == "/etc/steward/admin")
        #expect(String(decoding: file.redacted.canonicalJSON(), as: UTF8.self).contains("\"passwordFile\":\"/etc/steward/admin\""))
    }

    @Test func redactedSpecDecodesBack() throws {
        for body in [Seed.userPassword, Seed.okta] {
            let redacted = try #require(parsed(body)).redacted
            let decoded = try JSONDecoder().decode(RedactedSpec.self, from: redacted.canonicalJSON())
            #expect(decoded == redacted)
            let pretty = JSONEncoder()
            pretty.outputFormatting = [.prettyPrinted, .sortedKeys]
            #expect(try JSONDecoder().decode(RedactedSpec.self, from: pretty.encode(redacted)) == redacted)
        }
    }

    @Test func specErrorsRoundTripThroughJSON() throws {
        let errors = try #require(failures(SpecYAML.config("port", "abc")))
        let decoded = try JSONDecoder().decode(SpecErrors.self, from: JSONEncoder().encode(errors))
        #expect(decoded == errors)
        #expect(decoded.description == errors.description)
    }
}
