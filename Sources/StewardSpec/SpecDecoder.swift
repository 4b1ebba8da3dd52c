import Yams

/// Walks the composed YAML of one spec and builds an `IntegrationSpec`, or collects every
/// problem it finds. The rules are those of DESIGN.md, "The spec file".
struct SpecDecoder {
    static let hostExample = "examplecluster.abc123.us-east-1.redshift.amazonaws.com"
    static let passwordKeys = ["password", "passwordFile", "passwordCredential"]

    var reader = NodeReader()

    /// Every problem found (capped, with a count of the rest).
    var errors: [SpecError] { reader.reportedErrors }

    mutating func decode(_ root: Node) -> IntegrationSpec? {
        // A file that is one bare value may be a password file, or a secret pasted in the wrong
        // place (or reached through a symbolic link): say what it is, never what it says.
        if case .scalar = root {
            reader.report(.root, "expected a mapping with type, autoBootstrap and config at the top level, "
                + "got a single value (not shown: it could be a secret)",
                fix: "a spec is a mapping such as type: Redshift; check that this is the right file", at: root.mark)
            return nil
        }
        guard let top = reader.fields(root, at: .root, schema: .top,
                                      expected: "a mapping with type, autoBootstrap and config at the top level") else {
            return nil
        }
        let type = decodeType(top)
        var autoBootstrap: Bool?
        if let node = required(top, "autoBootstrap",
                               fix: "write autoBootstrap: true to let Steward run the privileged setup, "
                                   + "or autoBootstrap: false if you ran the setup scripts yourself") {
            autoBootstrap = reader.bool(node, at: top.path.appending("autoBootstrap"), example: "autoBootstrap: true")
        }
        var config: RedshiftConfig?
        if let node = required(top, "config",
                               fix: "add a config mapping with host, database and the privileged credentials") {
            if let fields = reader.fields(node, at: top.path.appending("config"), schema: .config,
                                          expected: "a mapping with host, database and credentials") {
                config = decodeConfig(fields, autoBootstrap: autoBootstrap)
            }
        }
        var deletionPolicy = DeletionPolicy.delete
        if let node = top["deletionPolicy"] {
            deletionPolicy = reader.choice(node, at: top.path.appending("deletionPolicy"), as: DeletionPolicy.self) ?? .delete
        }
        let governance = decodeGovernance(top, config: config)
        guard reader.errors.isEmpty, let type, let autoBootstrap, let config else { return nil }
        return IntegrationSpec(type: type, autoBootstrap: autoBootstrap, config: config, deletionPolicy: deletionPolicy, governance: governance)
    }

    private mutating func decodeType(_ top: Fields) -> String? {
        guard let node = required(top, "type", fix: "add type: Redshift") else { return nil }
        let path = top.path.appending("type")
        guard let value = reader.string(node, at: path, expected: "Redshift", example: "type: Redshift") else { return nil }
        if value == "Redshift" { return value }
        if value.lowercased() == "redshift" {
            reader.report(path, "expected Redshift, got \(Quoted(value)); the type is case-sensitive",
                          fix: "write type: Redshift", at: node.mark)
        } else {
            reader.report(path, "expected Redshift, got \(Quoted(value)); Steward manages Redshift integrations only",
                          fix: "write type: Redshift, or manage this integration with another tool", at: node.mark)
        }
        return nil
    }

    // MARK: config

    private mutating func decodeConfig(_ fields: Fields, autoBootstrap: Bool?) -> RedshiftConfig? {
        let path = fields.path
        var host: String?
        if let node = required(fields, "host",
                               fix: "add the cluster endpoint, e.g. host: \(Self.hostExample)") {
            host = rule(node, at: path.appending("host"), expected: "a host name", example: "host: \(Self.hostExample)") {
                FieldRules.hostName($0, key: "host", example: Self.hostExample)
            }
        }
        var port = RedshiftConfig.defaultPort
        if let node = fields["port"] {
            port = reader.integer(node, at: path.appending("port"), range: 1...65535, example: "port: 5439") ?? port
        }
        var database: String?
        if let node = required(fields, "database",
                               fix: "add the name of the database Steward manages, e.g. database: immuta") {
            database = rule(node, at: path.appending("database"), expected: "a database name", example: "database: immuta") {
                FieldRules.createdName($0, key: "database")
            }
        }
        var initialDatabase: String?
        if let node = fields["initialDatabase"] {
            initialDatabase = rule(node, at: path.appending("initialDatabase"), expected: "a database name",
                                   example: "initialDatabase: dev") {
                FieldRules.text($0, key: "initialDatabase", maximumBytes: FieldRules.maximumLoginBytes)
            }
        } else if autoBootstrap == true {
            reader.report(path.appending("initialDatabase"), "required when autoBootstrap is true",
                          fix: "add an existing database for Steward to connect to first, e.g. initialDatabase: dev",
                          at: fields.mark)
        }
        let impersonation = decodeImpersonation(fields)
        var authenticationType: AuthenticationType? = .userPassword
        if let node = fields["authenticationType"] {
            authenticationType = reader.choice(node, at: path.appending("authenticationType"), as: AuthenticationType.self)
        }
        var username: String?
        var password: SecretSource?
        var okta: OktaConfig?
        switch authenticationType {
        case .userPassword:
            username = decodeUsername(fields, required: true, requirement: "required with authenticationType userPassword")
            password = decodePasswordSource(fields, required: true)
            if fields.has("okta") {
                reader.report(path.appending("okta"), "is used only with authenticationType okta",
                              fix: "remove okta, or set authenticationType: okta", at: fields.keyMark("okta"))
            }
        case .okta:
            for key in ["username"] + Self.passwordKeys where fields.has(key) {
                reader.report(path.appending(key), "is not used with authenticationType okta",
                              fix: "move it into config.okta", at: fields.keyMark(key))
            }
            okta = decodeOkta(fields)
        case nil:
            // The type is invalid (already reported): check what is there, require nothing.
            username = decodeUsername(fields, required: false, requirement: "")
            password = decodePasswordSource(fields, required: false)
        }
        var sslMode = SSLMode.require
        if let node = fields["sslMode"] {
            let weak = "allow and prefer can fall back to an unencrypted connection; use sslMode: require, "
                + "or verify-full to check the server's certificate too"
            sslMode = reader.choice(node, at: path.appending("sslMode"), as: SSLMode.self,
                                    extraAdvice: ["allow": weak, "prefer": weak]) ?? sslMode
        }
        var sslRootCert: String?
        if let node = fields["sslRootCert"] {
            let example = "/etc/steward/redshift-ca-bundle.crt"
            sslRootCert = rule(node, at: path.appending("sslRootCert"), expected: "an absolute path",
                               example: "sslRootCert: \(example)") {
                FieldRules.absolutePath($0, key: "sslRootCert", example: example)
            }
        }
        var connectTimeout = RedshiftConfig.defaultConnectTimeoutSeconds
        if let node = fields["connectTimeout"] {
            connectTimeout = reader.integer(node, at: path.appending("connectTimeout"), range: 1...300, unit: " seconds",
                                            example: "connectTimeout: 10") ?? connectTimeout
        }
        if sslMode == .verifyCA || sslMode == .verifyFull, sslRootCert == nil, fields["sslRootCert"] == nil {
            reader.report(path.appending("sslRootCert"), "required with sslMode \(sslMode.rawValue): the CA bundle that signs the server's certificate",
                          fix: "add sslRootCert: /etc/steward/redshift-ca-bundle.crt (Amazon's Redshift CA bundle), or use sslMode: require",
                          at: fields.mark)
        }
        let (clusterIdentifier, region) = decodeClusterOverrides(fields, okta: authenticationType == .okta)
        var existingDatabase = false
        if let node = fields["existingDatabase"] {
            existingDatabase = reader.bool(node, at: path.appending("existingDatabase"), example: "existingDatabase: true") ?? false
        }
        guard let host, let database, let authenticationType, let impersonation else { return nil }
        return RedshiftConfig(
            host: host, port: port, database: database, initialDatabase: initialDatabase,
            impersonation: impersonation, authenticationType: authenticationType,
            username: username, password: password, okta: okta,
            sslMode: sslMode, sslRootCert: sslRootCert, connectTimeout: connectTimeout,
            clusterIdentifier: clusterIdentifier, region: region, existingDatabase: existingDatabase)
    }

    private mutating func decodeImpersonation(_ config: Fields) -> Impersonation? {
        guard let node = config["impersonation"] else { return Impersonation() }
        guard let fields = reader.fields(node, at: config.path.appending("impersonation"), schema: .impersonation,
                                         expected: "a mapping such as {enabled: true, role: immuta_impersonation}") else {
            return nil
        }
        var impersonation = Impersonation()
        if let node = fields["enabled"] {
            impersonation.enabled = reader.bool(node, at: fields.path.appending("enabled"), example: "enabled: true") ?? false
        }
        if let node = fields["role"] {
            let role = rule(node, at: fields.path.appending("role"), expected: "a role name",
                            example: "role: \(Impersonation.defaultRole)") {
                FieldRules.createdName($0, key: "role")
            }
            impersonation.role = role ?? Impersonation.defaultRole
        }
        return impersonation
    }

    // MARK: Helpers

    /// The node for `key`, or nil after reporting it missing.
    mutating func required(_ fields: Fields, _ key: String, message: String = "required", fix: String) -> Node? {
        if let node = fields[key] { return node }
        reader.report(fields.path.appending(key), message, fix: fix, at: fields.mark)
        return nil
    }

    /// A string that passes `check`, or nil after reporting why not.
    mutating func rule(_ node: Node, at path: FieldPath, expected: String, example: String,
                               check: (String) -> RuleViolation?) -> String? {
        guard let value = reader.string(node, at: path, expected: expected, example: example) else { return nil }
        if let violation = check(value) {
            reader.report(path, violation, at: node.mark)
            return nil
        }
        return value
    }
}
