import Testing
import StewardSpec

@Suite("Rules for credentials: userPassword, okta and the password sources")
struct CredentialRuleTests {
    @Test func usernameIsRequiredWithUserPassword() throws {
        let error = try #require(failure(at: "config.username", in: SpecYAML.config("username", nil)))
        #expect(error.message == "required with authenticationType userPassword")
        #expect(error.fix?.contains("username: taylor@redshift.com") == true)
    }

    @Test(arguments: [
        ("\"\"", "must not be empty"),
        ("\"ad\\tmin\"", "contains a control character"),
        (String(repeating: "u", count: 128), "is 128 bytes long; the limit is 127 bytes"),
    ])
    func usernameRule(_ value: String, _ expected: String) throws {
        let error = try #require(failure(at: "config.username", in: SpecYAML.config("username", value)))
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test func aPasswordSourceIsRequired() throws {
        let error = try #require(failure(at: "config.password", in: SpecYAML.config("password", nil)))
        #expect(error.message == "required: the privileged account needs a password source")
        #expect(error.fix?.contains("passwordFile") == true)
        #expect(error.fix?.contains("passwordCredential") == true)
    }

    @Test func onlyOnePasswordSource() throws {
        let text = SpecYAML(config: [("passwordFile", "/etc/steward/admin"), ("passwordCredential", "admin")]).text
        let error = try #require(failure(at: "config", in: text))
        #expect(error.message == "has more than one password source (password, passwordFile, passwordCredential)")
        #expect(error.fix == "keep exactly one of password, passwordFile or passwordCredential")
        #expect(error.line == 9)
    }

    @Test func passwordFileMustBeAbsolute() throws {
        let text = SpecYAML(config: [("password", nil), ("passwordFile", "secrets/admin")]).text
        let error = try #require(failure(at: "config.passwordFile", in: text))
        #expect(error.message == "\"secrets/admin\" is not an absolute path")
    }

    @Test(arguments: [
        ("/run/credentials/admin", "is a path"),
        ("..", "is not a valid credential name"),
        ("\"admin password\"", "is not a valid credential name"),
        ("\"\"", "must not be empty"),
    ])
    func passwordCredentialIsAName(_ value: String, _ expected: String) throws {
        let text = SpecYAML(config: [("password", nil), ("passwordCredential", value)]).text
        let error = try #require(failure(at: "config.passwordCredential", in: text))
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test(arguments: ["redshift-admin", "a.b:c_d-1", "ADMIN"])
    func passwordCredentialAcceptsNames(_ value: String) throws {
        let text = SpecYAML(config: [("password", nil), ("passwordCredential", value)]).text
        #expect(parsed(text)?.config.password == .credential(name: value))
    }

    @Test func emptyInlinePassword() throws {
        let error = try #require(failure(at: "config.password", in: SpecYAML.config("password", "\"\"")))
        #expect(error.message == "is empty")
    }

    @Test func redactedPlaceholderIsNotAPassword() throws {
        let error = try #require(failure(at: "config.password", in: SpecYAML.config("password", "\"<REDACTED>\"")))
        #expect(error.message.contains("placeholder"))
        #expect(error.fix?.contains("passwordFile") == true)
    }

    @Test func passwordWithTrailingLineBreakFromABlockScalar() throws {
        let text = SpecYAML.config("password", "|\n    hunter2")
        let error = try #require(failure(at: "config.password", in: text))
        #expect(error.message == "contains a line break")
        #expect(error.fix?.contains("|-") == true)
        let chomped = SpecYAML.config("password", "|-\n    hunter2")
        #expect(parsed(chomped)?.config.password == .inline(Secret("hunter2")))
    }

    @Test func oktaBlockIsRefusedWithUserPassword() throws {
        let text = SpecYAML.config("okta", "{username: u, password: p, appId: a, idpHost: h.example.com, role: r}")
        let error = try #require(failure(at: "config.okta", in: text))
        #expect(error.message == "is used only with authenticationType okta")
        #expect(error.fix == "remove okta, or set authenticationType: okta")
    }

    @Test func oktaIsRequiredWithOktaAuthentication() throws {
        let text = SpecYAML(config: [("authenticationType", "okta"), ("username", nil), ("password", nil)]).text
        let error = try #require(failure(at: "config.okta", in: text))
        #expect(error.message == "required when authenticationType is okta")
    }

    @Test(arguments: ["username", "appId", "idpHost", "role"])
    func oktaFieldsAreRequired(_ key: String) throws {
        let error = try #require(failure(at: "config.okta.\(key)", in: oktaYAML([(key, nil)])))
        #expect(error.message == "required when authenticationType is okta")
        #expect(error.fix?.hasPrefix("add ") == true)
    }

    @Test func oktaNeedsExactlyOnePasswordSource() throws {
        let missing = try #require(failure(at: "config.okta.password", in: oktaYAML([("password", nil)])))
        #expect(missing.message == "required: the privileged account needs a password source")
        let two = try #require(failure(at: "config.okta", in: oktaYAML([("passwordCredential", "okta-admin")])))
        #expect(two.message == "has more than one password source (password, passwordCredential)")
        let file = parsed(oktaYAML([("password", nil), ("passwordFile", "/etc/steward/okta")]))
        #expect(file?.config.okta?.password == .file(path: "/etc/steward/okta"))
    }

    @Test func oktaIdpHostIsAHostNameOrAnHTTPSURL() throws {
        #expect(parsed(oktaYAML([("idpHost", "https://organization.okta.com")]))?.config.okta?.idpHost == "https://organization.okta.com")
        #expect(parsed(oktaYAML([("idpHost", "\"http://127.0.0.1:8443\"")]))?.config.okta?.idpHost == "http://127.0.0.1:8443",
                "a local IdP may use http on loopback")
        let clear = try #require(failure(at: "config.okta.idpHost", in: oktaYAML([("idpHost", "http://organization.okta.com")])))
        #expect(clear.message == "\"http://organization.okta.com\" would send the Okta password unencrypted")
        #expect(clear.fix?.contains("loopback") == true)
        let port = try #require(failure(at: "config.okta.idpHost", in: oktaYAML([("idpHost", "\"https://organization.okta.com:99999\"")])))
        #expect(port.message.contains("invalid port"))
        let path = try #require(failure(at: "config.okta.idpHost", in: oktaYAML([("idpHost", "https://organization.okta.com/app")])))
        #expect(path.message.contains("contains /"))
    }

    @Test func clusterOverridesAreForOktaOnly() throws {
        let spec = try #require(parsed(oktaYAML(config: "  clusterIdentifier: examplecluster\n  region: us-west-2\n")))
        #expect(spec.config.clusterIdentifier == "examplecluster")
        #expect(spec.config.region == "us-west-2")
        let bad = try #require(failure(at: "config.region", in: oktaYAML(config: "  region: \"US West\"\n")))
        #expect(bad.fix == "use lower-case letters, digits and hyphens, e.g. region: us-west-2")
        let userPassword = try #require(failure(at: "config.clusterIdentifier", in: SpecYAML.config("clusterIdentifier", "examplecluster")))
        #expect(userPassword.message == "is used only with authenticationType okta (for GetClusterCredentials)")
    }

    @Test(arguments: ["verify-ca", "verify-full"])
    func verifyingTheServerNeedsACABundle(_ mode: String) throws {
        let error = try #require(failure(at: "config.sslRootCert", in: SpecYAML.config("sslMode", mode)))
        #expect(error.message.hasPrefix("required with sslMode \(mode)"))
        let text = SpecYAML(config: [("sslMode", mode), ("sslRootCert", "/etc/steward/ca.crt")]).text
        #expect(parsed(text)?.config.sslRootCert == "/etc/steward/ca.crt")
    }

    @Test func topLevelCredentialsAreRefusedWithOkta() throws {
        let text = oktaYAML(config: "  username: admin\n  passwordFile: /etc/steward/admin\n")
        let errors = try #require(failures(text))
        #expect(errors.errors.map(\.path) == ["config.username", "config.passwordFile"])
        for error in errors.errors {
            #expect(error.message == "is not used with authenticationType okta")
            #expect(error.fix == "move it into config.okta")
        }
    }

    @Test(arguments: [
        ("username", "\"\"", "must not be empty"),
        ("username", "\"taylor\\u0007\"", "contains a control character"),
        ("appId", "\"\"", "must not be empty"),
        ("role", "\"\"", "must not be empty"),
        ("role", String(repeating: "r", count: 128), "is 128 bytes long; the limit is 127 bytes"),
        ("idpHost", "\"\"", "must not be empty"),
        ("password", "\"\"", "is empty"),
    ])
    func oktaFieldRules(_ key: String, _ value: String, _ expected: String) throws {
        let error = try #require(failure(at: "config.okta.\(key)", in: oktaYAML([(key, value)])))
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test func oktaPasswordReferencesFollowTheSameRules() throws {
        let relative = oktaYAML([("password", nil), ("passwordFile", "okta/secret")])
        #expect(failure(at: "config.okta.passwordFile", in: relative)?.message == "\"okta/secret\" is not an absolute path")
        let path = oktaYAML([("password", nil), ("passwordCredential", "/run/okta")])
        #expect(failure(at: "config.okta.passwordCredential", in: path)?.message.contains("is a path") == true)
    }

    @Test func misspeltOktaKey() throws {
        let error = try #require(failure(at: "config.okta.idphost", in: oktaYAML([("idpHost", nil), ("idphost", "organization.okta.com")])))
        #expect(error.message == "unknown key (did you mean idpHost?)")
    }
}
