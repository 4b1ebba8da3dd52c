import Testing
import StewardSpec

@Suite("Rules for the connection fields of config")
struct ConfigRuleTests {
    @Test func hostIsRequired() throws {
        let error = try #require(failure(at: "config.host", in: SpecYAML.config("host", nil)))
        #expect(error.description
            == "config.host: required — add the cluster endpoint, e.g. host: examplecluster.abc123.us-east-1.redshift.amazonaws.com")
    }

    @Test(arguments: [
        ("\"\"", "must not be empty"),
        ("\"two words.example.com\"", "contains whitespace or control characters"),
        ("cluster.example.com/dev", "contains /, which a host name cannot"),
        ("https://cluster.example.com", "is a URL, not a host name"),
        ("cluster.example.com:5439", "includes a port"),
        (String(repeating: "a", count: 254), "is 254 bytes long; host names are at most 253 bytes"),
        ("\"tab\\there\"", "contains whitespace or control characters"),
        ("\"a.example.com,127.0.0.1\"", "contains a comma; libpq would read it as a list of hosts"),
        ("\"db.example.com';x\"", "contains \"'\", which a host name cannot"),
        ("\"bücher.example\"", "contains \"ü\", which is not ASCII"),
    ])
    func hostMustBeAHostName(_ value: String, _ expected: String) throws {
        let error = try #require(failure(at: "config.host", in: SpecYAML.config("host", value)))
        #expect(error.message.contains(expected), "\(error)")
        #expect(error.fix != nil)
    }

    @Test func hostWithPortSaysWhereThePortGoes() throws {
        let error = try #require(failure(at: "config.host", in: SpecYAML.config("host", "cluster.example.com:5440")))
        #expect(error.fix == "write host: cluster.example.com and port: 5440")
    }

    @Test(arguments: ["localhost", "10.0.0.1", "::1", "fe80::1", String(repeating: "a", count: 253)])
    func hostAcceptsNamesAndAddresses(_ value: String) throws {
        let quoted = value.contains(":") ? "\"\(value)\"" : value
        #expect(parsed(SpecYAML.config("host", quoted))?.config.host == value)
    }

    @Test func portIsAnIntegerInRange() throws {
        let error = try #require(failure(at: "config.port", in: SpecYAML.config("port", "abc")))
        #expect(error.description == "config.port: expected an integer 1-65535, got \"abc\" — write a number, e.g. port: 5439")
        #expect(parsed(SpecYAML.config("port", "1"))?.config.port == 1)
        #expect(parsed(SpecYAML.config("port", "65535"))?.config.port == 65535)
    }

    @Test(arguments: ["0", "65536", "99999999999999999999999", "-1"])
    func portOutOfRange(_ value: String) throws {
        let error = try #require(failure(at: "config.port", in: SpecYAML.config("port", value)))
        #expect(error.message.hasPrefix("expected an integer 1-65535, got "))
    }

    @Test func quotedPortSaysToDropTheQuotes() throws {
        let error = try #require(failure(at: "config.port", in: SpecYAML.config("port", "\"5439\"")))
        #expect(error.message == "expected an integer 1-65535, got the quoted string \"5439\"")
        #expect(error.fix == "remove the quotes: port: 5439")
    }

    @Test(arguments: ["54.39", "0x153F", "[5439]", "{port: 5439}", "5_439"])
    func portRefusesOtherShapes(_ value: String) throws {
        let error = try #require(failure(at: "config.port", in: SpecYAML.config("port", value)))
        #expect(error.message.hasPrefix("expected an integer 1-65535, got "))
    }

    @Test(arguments: ["", "~", "null"])
    func nullValuesAreErrorsNotDefaults(_ value: String) throws {
        let error = try #require(failure(at: "config.port", in: SpecYAML.config("port", value)))
        #expect(error.message == "expected an integer 1-65535, got no value (null)")
        let hostError = try #require(failure(at: "config.host", in: SpecYAML.config("host", value)))
        #expect(hostError.message == "expected a host name, got no value (null)")
    }

    @Test func databaseIsRequired() throws {
        let error = try #require(failure(at: "config.database", in: SpecYAML.config("database", nil)))
        #expect(error.message == "required")
        #expect(error.fix == "add the name of the database Steward manages, e.g. database: immuta")
    }

    @Test func databaseUpperCaseIsRefusedWithTheReason() throws {
        let error = try #require(failure(at: "config.database", in: SpecYAML.config("database", "Immuta")))
        #expect(error.message.contains("upper-case"))
        #expect(error.message.contains("Redshift folds identifiers to lower case"))
        #expect(error.fix == "write database: immuta")
    }

    @Test(arguments: [
        ("1immuta", "is not a valid name"),
        ("immuta-db", "is not a valid name"),
        ("\"im muta\"", "is not a valid name"),
        ("\"\"", "must not be empty"),
        (String(repeating: "a", count: 64), "is 64 bytes long; the limit is 63 bytes"),
        ("\"émile\"", "is not a valid name"),
    ])
    func databaseNameRule(_ value: String, _ expected: String) throws {
        let error = try #require(failure(at: "config.database", in: SpecYAML.config("database", value)))
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test(arguments: ["immuta", "_x", "a$b_9", String(repeating: "a", count: 63)])
    func databaseAcceptsValidNames(_ value: String) throws {
        #expect(parsed(SpecYAML.config("database", value))?.config.database == value)
    }

    @Test func initialDatabaseIsRequiredWithAutoBootstrap() throws {
        let error = try #require(failure(at: "config.initialDatabase", in: SpecYAML.config("initialDatabase", nil)))
        #expect(error.message == "required when autoBootstrap is true")
        #expect(error.fix?.contains("initialDatabase: dev") == true)
    }

    @Test func initialDatabaseIsOptionalWithoutAutoBootstrap() throws {
        let spec = parsed(SpecYAML(top: [("autoBootstrap", "false")], config: [("initialDatabase", nil)]).text)
        #expect(spec?.config.initialDatabase == nil)
    }

    @Test func initialDatabaseIsAConnectionParameterNotACreatedName() throws {
        #expect(parsed(SpecYAML.config("initialDatabase", "REDSHIFT_SAMPLE_DATA"))?.config.initialDatabase
            == "REDSHIFT_SAMPLE_DATA")
        #expect(parsed(SpecYAML.config("initialDatabase", "\"sample data\""))?.config.initialDatabase == "sample data")
    }

    @Test(arguments: [
        ("\"\"", "must not be empty"),
        ("\"dev\\u0000\"", "contains a control character"),
        ("\"dev\\nprod\"", "contains a control character"),
        (String(repeating: "d", count: 128), "is 128 bytes long; the limit is 127 bytes"),
    ])
    func initialDatabaseRule(_ value: String, _ expected: String) throws {
        let error = try #require(failure(at: "config.initialDatabase", in: SpecYAML.config("initialDatabase", value)))
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test func impersonationRoleFollowsTheNameRule() throws {
        let error = try #require(failure(at: "config.impersonation.role",
                                         in: SpecYAML.config("impersonation", "{enabled: true, role: Impersonators}")))
        #expect(error.message.contains("Redshift folds identifiers to lower case"))
        #expect(error.fix == "write role: impersonators")
    }

    @Test func impersonationMustBeAMapping() throws {
        let error = try #require(failure(at: "config.impersonation", in: SpecYAML.config("impersonation", "true")))
        #expect(error.message == "expected a mapping such as {enabled: true, role: immuta_impersonation}, got \"true\"")
    }

    @Test func impersonationEnabledIsABool() throws {
        let error = try #require(failure(at: "config.impersonation.enabled",
                                         in: SpecYAML.config("impersonation", "{enabled: yes}")))
        #expect(error.message == "expected true or false, got \"yes\"")
    }

    @Test func sslModeValues() throws {
        for mode in SSLMode.allCases {
            let text = SpecYAML(config: [("sslMode", mode.rawValue), ("sslRootCert", "/etc/steward/ca.crt")]).text
            #expect(parsed(text)?.config.sslMode == mode)
        }
        let nearMiss = try #require(failure(at: "config.sslMode", in: SpecYAML.config("sslMode", "verify_full")))
        #expect(nearMiss.message == "expected one of disable, require, verify-ca, verify-full, got \"verify_full\" (did you mean verify-full?)")
        let weak = try #require(failure(at: "config.sslMode", in: SpecYAML.config("sslMode", "prefer")))
        #expect(weak.fix?.contains("fall back to an unencrypted connection") == true)
    }

    @Test func sslRootCertIsAnAbsolutePath() throws {
        #expect(parsed(SpecYAML.config("sslRootCert", "/etc/ssl/redshift.pem"))?.config.sslRootCert == "/etc/ssl/redshift.pem")
        let error = try #require(failure(at: "config.sslRootCert", in: SpecYAML.config("sslRootCert", "certs/ca.pem")))
        #expect(error.message == "\"certs/ca.pem\" is not an absolute path")
        #expect(error.fix?.hasPrefix("write the full path starting with /") == true)
    }

    @Test func connectTimeoutRange() throws {
        #expect(parsed(SpecYAML.config("connectTimeout", "1"))?.config.connectTimeout == 1)
        #expect(parsed(SpecYAML.config("connectTimeout", "300"))?.config.connectTimeout == 300)
        for value in ["0", "301", "10s"] {
            let error = try #require(failure(at: "config.connectTimeout", in: SpecYAML.config("connectTimeout", value)))
            #expect(error.message.hasPrefix("expected an integer 1-300 seconds, got "))
        }
    }

    @Test func authenticationTypeNearMiss() throws {
        let error = try #require(failure(at: "config.authenticationType",
                                         in: SpecYAML.config("authenticationType", "UserPassword")))
        #expect(error.message == "expected userPassword or okta, got \"UserPassword\" (did you mean userPassword?)")
        #expect(error.fix == "write authenticationType: userPassword")
    }

    @Test func unknownAuthenticationTypeStillChecksTheRest() throws {
        let errors = try #require(failures(SpecYAML(config: [("authenticationType", "saml"), ("port", "x")]).text))
        #expect(errors.errors.map(\.path) == ["config.port", "config.authenticationType"])
    }
}
