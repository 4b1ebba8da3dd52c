import Yams

/// The privileged credentials: `username` and a password source, directly in `config`
/// (userPassword) or in `config.okta`.
extension SpecDecoder {
    mutating func decodeUsername(_ fields: Fields, required isRequired: Bool, requirement: String) -> String? {
        let example = "username: taylor@redshift.com"
        let node: Node?
        if isRequired {
            node = required(fields, "username", message: requirement,
                            fix: "add the login name of the privileged account, e.g. \(example)")
        } else {
            node = fields["username"]
        }
        guard let node else { return nil }
        return rule(node, at: fields.path.appending("username"), expected: "a login name", example: example) {
            FieldRules.text($0, key: "username", maximumBytes: FieldRules.maximumLoginBytes)
        }
    }

    /// Exactly one of `password`, `passwordFile`, `passwordCredential` in `fields`.
    mutating func decodePasswordSource(_ fields: Fields, required isRequired: Bool) -> SecretSource? {
        let given = Self.passwordKeys.filter { fields.has($0) }
        var sources: [SecretSource] = []
        if let node = fields["password"] {
            let path = fields.path.appending("password")
            if let value = reader.string(node, at: path, expected: "the password as text",
                                         example: "password: \"...\"", secret: true) {
                if let violation = FieldRules.inlinePassword(value, key: "password") {
                    reader.report(path, violation, at: node.mark)
                } else {
                    sources.append(.inline(Secret(value)))
                }
            }
        }
        if let node = fields["passwordFile"] {
            let example = "/etc/steward/secrets/redshift-admin"
            if let path = rule(node, at: fields.path.appending("passwordFile"), expected: "an absolute path",
                               example: "passwordFile: \(example)", check: {
                                   FieldRules.absolutePath($0, key: "passwordFile", example: example)
                               }) {
                sources.append(.file(path: path))
            }
        }
        if let node = fields["passwordCredential"] {
            if let name = rule(node, at: fields.path.appending("passwordCredential"), expected: "a credential name",
                               example: "passwordCredential: redshift-admin", check: {
                                   FieldRules.credentialName($0, key: "passwordCredential")
                               }) {
                sources.append(.credential(name: name))
            }
        }
        if given.count > 1 {
            let second = given[1]
            reader.report(fields.path, "has more than one password source (\(given.joined(separator: ", ")))",
                          fix: "keep exactly one of password, passwordFile or passwordCredential",
                          at: fields.keyMark(second))
            return nil
        }
        if given.isEmpty && isRequired {
            reader.report(fields.path.appending("password"), "required: the privileged account needs a password source",
                          fix: "add one of password (inline), passwordFile (an absolute path) "
                              + "or passwordCredential (a systemd credential name)",
                          at: fields.mark)
        }
        return sources.first
    }

    mutating func decodeOkta(_ config: Fields) -> OktaConfig? {
        let requirement = "required when authenticationType is okta"
        guard let node = required(config, "okta", message: requirement,
                                  fix: "add okta with username, password, appId, idpHost and role") else {
            return nil
        }
        guard let fields = reader.fields(node, at: config.path.appending("okta"), schema: .okta,
                                         expected: "a mapping with username, password, appId, idpHost and role") else {
            return nil
        }
        let path = fields.path
        let username = decodeUsername(fields, required: true, requirement: requirement)
        let password = decodePasswordSource(fields, required: true)
        var appId: String?
        if let node = required(fields, "appId", message: requirement, fix: "add the Okta application id, e.g. appId: Okta") {
            appId = rule(node, at: path.appending("appId"), expected: "an application id", example: "appId: Okta") {
                FieldRules.text($0, key: "appId", maximumBytes: 255)
            }
        }
        var idpHost: String?
        let idpExample = "organization.okta.com"
        if let node = required(fields, "idpHost", message: requirement,
                               fix: "add the Okta host name, e.g. idpHost: \(idpExample)") {
            idpHost = rule(node, at: path.appending("idpHost"), expected: "a host name", example: "idpHost: \(idpExample)") {
                FieldRules.identityProviderHost($0, example: idpExample)
            }
        }
        var role: String?
        if let node = required(fields, "role", message: requirement, fix: "add the role to assume, e.g. role: admin") {
            role = rule(node, at: path.appending("role"), expected: "a role name", example: "role: admin") {
                FieldRules.text($0, key: "role", maximumBytes: FieldRules.maximumLoginBytes)
            }
        }
        guard let username, let password, let appId, let idpHost, let role else { return nil }
        return OktaConfig(username: username, password: password, appId: appId, idpHost: idpHost, role: role)
    }
}
