import Foundation
import StewardSpec
import Testing
@testable import StewardAPI

@Suite struct SpecBodyTests {
    static let seed = """
        {"type": "Redshift", "autoBootstrap": true, "config": {"host": "organization.aws.amazon.com", "database": "immuta",
         "initialDatabase": "REDSHIFT_SAMPLE_DATA", "authenticationType": "userPassword", "username": "taylor@redshift.com",
         "password": "abc1234"}}
        """

    @Test func inlinePasswordsBecomeFilesAndTheRestIsKept() throws {
        let body = try SpecBody(data: Data(Self.seed.utf8))
        #expect(body.spec.config.password == .inline(Secret("abc1234")))
        let (text, passwords) = try body.externalizingPasswords { "/var/lib/steward/api-secrets/x@\($0)" }
        #expect(!text.contains("abc1234"))
        #expect(passwords.map(\.owner) == ["config"])
        #expect(passwords.first?.secret.unredacted == "abc1234")
        let written = try SpecParser.parse(data: Data(text.utf8), source: "written")
        #expect(written.config.password == .file(path: "/var/lib/steward/api-secrets/x@config"))
        #expect(written.config.host == "organization.aws.amazon.com")
        #expect(written.config.username == "taylor@redshift.com")
        #expect(!text.contains("{"), "block style, not the body's flow style: \(text)")
    }

    @Test func oktaPasswordsToo() throws {
        let okta = """
            type: Redshift
            autoBootstrap: true
            config:
              host: organization.aws.amazon.com
              database: immuta
              initialDatabase: dev
              authenticationType: okta
              okta: {username: taylor@redshift.com, password: "12345", appId: Okta, idpHost: organization.okta.com, role: admin}
            """
        let (text, passwords) = try SpecBody(data: Data(okta.utf8)).externalizingPasswords { "/s/\($0)" }
        #expect(passwords.map(\.owner) == ["config.okta"])
        #expect(passwords.first?.secret.unredacted == "12345")
        let written = try SpecParser.parse(data: Data(text.utf8), source: "written")
        #expect(written.config.okta?.password == .file(path: "/s/config.okta"))
        #expect(written.config.okta?.appId == "Okta")
    }

    @Test func referencesAreRefused() {
        for (key, value) in [("passwordCredential", "redshift-admin"), ("passwordFile", "/etc/passwd")] {
            let referenced = Self.seed.replacingOccurrences(of: #""password": "abc1234""#, with: "\"\(key)\": \"\(value)\"")
            #expect { try SpecBody(data: Data(referenced.utf8)) } throws: { error in
                guard let error = error as? APIError else { return false }
                return error.status == .badRequest && error.errors?.map(\.path) == ["config.\(key)"] && error.message.contains("inline")
            }
        }
    }

    @Test func badBodiesListEveryProblem() {
        #expect { try SpecBody(data: Data(#"{"type": "Redshift", "config": {"prot": 1}}"#.utf8)) } throws: { error in
            guard let error = error as? APIError else { return false }
            let paths = Set((error.errors ?? []).map(\.path))
            return error.status == .badRequest && paths.isSuperset(of: ["autoBootstrap", "config.host", "config.prot"])
        }
    }

    @Test func derivedNamesAreStableValidAndDistinct() throws {
        let spec = try SpecParser.parse(data: Data(Self.seed.utf8), source: "seed")
        let name = IntegrationNaming.derived(for: spec.config)
        #expect(name.hasPrefix("immuta-") && name.count == "immuta-".count + 8)
        #expect(SpecFileName.isValidName(name))
        #expect(IntegrationNaming.derived(for: spec.config) == name)
        var other = spec.config
        other.host = "other.aws.amazon.com"
        #expect(IntegrationNaming.derived(for: other) != name)
        #expect(try IntegrationNaming.name(for: spec, requested: "analytics") == "analytics")
        #expect(throws: APIError.self) { try IntegrationNaming.name(for: spec, requested: "Bad Name") }
    }
}
