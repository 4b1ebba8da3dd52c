import Foundation
import Testing
import StewardSpec

@Suite("The seed's request bodies")
struct SeedSpecTests {
    @Test func userPasswordBodyParses() throws {
        let spec = try #require(parsed(Seed.userPassword))
        #expect(spec.type == "Redshift")
        #expect(spec.autoBootstrap)
        #expect(spec.deletionPolicy == .delete)
        let config = spec.config
        #expect(config.host == "organization.aws.amazon.com")
        #expect(config.port == 5439)
        #expect(config.database == "immuta")
        #expect(config.initialDatabase == "REDSHIFT_SAMPLE_DATA")
        #expect(config.impersonation == Impersonation(enabled: false, role: "immuta_impersonation"))
        #expect(config.authenticationType == .userPassword)
        #expect(config.username == "taylor@redshift.com")
        #expect(config.password == .inline(Secret("abc1234")))
        #expect(config.okta == nil)
        #expect(config.sslMode == .require)
        #expect(config.sslRootCert == nil)
        #expect(config.connectTimeout == 10)
    }

    @Test func oktaBodyParses() throws {
        let spec = try #require(parsed(Seed.okta))
        let config = spec.config
        #expect(config.impersonation == Impersonation(enabled: true, role: "immuta_impersonation"))
        #expect(config.authenticationType == .okta)
        #expect(config.username == nil)
        #expect(config.password == nil)
        #expect(config.okta == OktaConfig(
            username: "taylor@redshift.com", password: .inline(Secret("abc1234")),
            appId: "Okta", idpHost: "organization.okta.com", role: "admin"))
    }

    @Test func manualSetupBodyParses() throws {
        // The body of the seed's manual-setup requests: autoBootstrap false, impersonation off.
        let body = Seed.userPassword
            .replacingOccurrences(of: "\"autoBootstrap\": true", with: "\"autoBootstrap\": false")
            .replacingOccurrences(of: "\"authenticationType\"", with: "\"impersonation\": {\"enabled\": false},\n\"authenticationType\"")
        let spec = try #require(parsed(body))
        #expect(!spec.autoBootstrap)
        #expect(!spec.config.impersonation.enabled)
    }

    @Test func yamlFormEqualsJSONForm() throws {
        let yaml = """
            # Analytics warehouse
            type: Redshift
            autoBootstrap: true
            config:
              host: organization.aws.amazon.com
              database: immuta
              initialDatabase: REDSHIFT_SAMPLE_DATA
              authenticationType: userPassword
              username: taylor@redshift.com   # the privileged account
              password: 'abc1234'
            """
        let fromYAML = try #require(parsed(yaml))
        let fromJSON = try #require(parsed(Seed.userPassword))
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.digest == fromJSON.digest)
    }

    @Test func oktaYAMLFormEqualsJSONForm() throws {
        let yaml = """
            type: Redshift
            autoBootstrap: true
            config:
              host: organization.aws.amazon.com
              database: immuta
              initialDatabase: REDSHIFT_SAMPLE_DATA
              impersonation: {enabled: true, role: immuta_impersonation}
              authenticationType: okta
              okta:
                username: taylor@redshift.com
                password: "abc1234"
                appId: Okta
                idpHost: organization.okta.com
                role: admin
            """
        #expect(parsed(yaml) == parsed(Seed.okta))
    }

    @Test func everyFieldInYAML() throws {
        let yaml = """
            type: Redshift
            autoBootstrap: false
            config:
              host: 10.0.0.12
              port: 5440
              database: analytics_db$1
              initialDatabase: dev
              impersonation:
                enabled: true
                role: _imp_role
              authenticationType: userPassword
              username: admin
              passwordCredential: redshift-admin
              sslMode: verify-full
              sslRootCert: /etc/steward/ca.pem
              connectTimeout: 300
            deletionPolicy: Retain
            """
        let spec = try #require(parsed(yaml))
        #expect(spec == IntegrationSpec(
            autoBootstrap: false,
            config: RedshiftConfig(
                host: "10.0.0.12", port: 5440, database: "analytics_db$1", initialDatabase: "dev",
                impersonation: Impersonation(enabled: true, role: "_imp_role"), authenticationType: .userPassword,
                username: "admin", password: .credential(name: "redshift-admin"),
                sslMode: .verifyFull, sslRootCert: "/etc/steward/ca.pem", connectTimeout: 300),
            deletionPolicy: .retain))
    }

    @Test func windowsLineEndingsAndBOM() throws {
        let text = "\u{FEFF}" + Seed.userPassword.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(parsed(text) == parsed(Seed.userPassword))
    }

    @Test func passwordFileReference() throws {
        let spec = try #require(parsed(SpecYAML(config: [("password", nil), ("passwordFile", "/etc/steward/secrets/admin")]).text))
        #expect(spec.config.password == .file(path: "/etc/steward/secrets/admin"))
    }

    @Test func plainScalarsAreTakenVerbatimAsStrings() throws {
        // YAML would read these as numbers; a password is text, exactly as written.
        let spec = try #require(parsed(SpecYAML.config("password", "0123")))
        #expect(spec.config.password == .inline(Secret("0123")))
        let hexLike = try #require(parsed(SpecYAML.config("password", "0x1F")))
        #expect(hexLike.config.password == .inline(Secret("0x1F")))
    }

    @Test func defaultsAreFilledIn() throws {
        let spec = try #require(parsed(SpecYAML().text))
        #expect(spec.config.port == RedshiftConfig.defaultPort)
        #expect(spec.config.connectTimeout == RedshiftConfig.defaultConnectTimeoutSeconds)
        #expect(spec.config.sslMode == .require)
        #expect(spec.config.authenticationType == .userPassword)
        #expect(spec.config.impersonation == Impersonation(enabled: false, role: Impersonation.defaultRole))
        #expect(spec.deletionPolicy == .delete)
        #expect(spec.config.sslRootCert == nil)
    }

    @Test func enabledImpersonationWithoutRoleUsesTheDefaultRole() throws {
        let spec = try #require(parsed(SpecYAML.config("impersonation", "{enabled: true}")))
        #expect(spec.config.impersonation == Impersonation(enabled: true, role: "immuta_impersonation"))
    }

    @Test func parsesFromAFileAndThroughASymlink() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("analytics.yaml", Seed.okta, mode: 0o644)
        let link = "\(directory.path)/link.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        let direct = try SpecParser.parse(fileAt: file)
        let viaLink = try SpecParser.parse(fileAt: link)
        #expect(direct == viaLink)
        #expect(direct.config.authenticationType == .okta)
    }
}

@Suite("The example spec files")
struct ExampleFileTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Config/examples")

    /// Each seed body (both authentication types, both setup modes, impersonation on and off)
    /// is kept as a file and parses as a spec.
    @Test(arguments: [
        ("seed-userpassword.json", true, AuthenticationType.userPassword, false),
        ("seed-okta.json", true, AuthenticationType.okta, true),
        ("seed-manual-userpassword.json", false, AuthenticationType.userPassword, false),
        ("seed-manual-okta.json", false, AuthenticationType.okta, true),
    ])
    func exampleParses(_ file: String, _ automatic: Bool, _ authentication: AuthenticationType, _ impersonation: Bool) throws {
        let spec = try SpecParser.parse(fileAt: Self.examples.appendingPathComponent(file).path)
        #expect(spec.autoBootstrap == automatic)
        #expect(spec.config.authenticationType == authentication)
        #expect(spec.config.impersonation.enabled == impersonation)
    }
}
