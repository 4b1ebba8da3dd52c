import Foundation

/// A spec as the product API's GET returns it and `steward get` prints it: every default filled
/// in, inline passwords replaced by `<REDACTED>`, file and credential references shown as they
/// are (they name where a secret lives, not the secret).
///
/// Codable, so the status store can keep it as JSON and read it back. Optional fields are
/// left out of the JSON when absent. `canonicalJSON()` is the stable form that `digest` hashes.
///
/// Judgement call: the seed's GET example prints `username` as `<REDACTED>` too. Here login
/// names are shown, because they are not secret and an operator needs them to tell which
/// account an integration uses; only passwords are redacted.
package struct RedactedSpec: Sendable, Hashable, Codable {
    package var type: String
    package var autoBootstrap: Bool
    package var config: Config
    package var deletionPolicy: DeletionPolicy
    /// Governance, as written (absent when empty, so specs without it keep their digest).
    package var dataSources: [DataSource]?
    package var users: [MappedUser]?
    package var policies: [Policy]?

    /// The redacted `config` object.
    package struct Config: Sendable, Hashable, Codable {
        package var host: String
        package var port: Int
        package var database: String
        package var initialDatabase: String?
        package var impersonation: ImpersonationSettings
        package var authenticationType: AuthenticationType
        package var username: String?
        /// `<REDACTED>` when the password is inline; absent otherwise.
        package var password: String?
        package var passwordFile: String?
        package var passwordCredential: String?
        package var okta: Okta?
        package var sslMode: SSLMode
        package var sslRootCert: String?
        package var connectTimeout: Int
        package var clusterIdentifier: String?
        package var region: String?
        package var existingDatabase: Bool?

        package init(
            host: String, port: Int, database: String, initialDatabase: String? = nil,
            impersonation: ImpersonationSettings, authenticationType: AuthenticationType,
            username: String? = nil, password: String? = nil, passwordFile: String? = nil,
            passwordCredential: String? = nil, okta: Okta? = nil, sslMode: SSLMode,
            sslRootCert: String? = nil, connectTimeout: Int, clusterIdentifier: String? = nil, region: String? = nil,
            existingDatabase: Bool? = nil
        ) {
            self.host = host
            self.port = port
            self.database = database
            self.initialDatabase = initialDatabase
            self.impersonation = impersonation
            self.authenticationType = authenticationType
            self.username = username
            self.password = password
            self.passwordFile = passwordFile
            self.passwordCredential = passwordCredential
            self.okta = okta
            self.sslMode = sslMode
            self.sslRootCert = sslRootCert
            self.connectTimeout = connectTimeout
            self.clusterIdentifier = clusterIdentifier
            self.region = region
            self.existingDatabase = existingDatabase
        }
    }

    /// `{enabled, role}`; the role is always shown, with its default filled in.
    package struct ImpersonationSettings: Sendable, Hashable, Codable {
        package var enabled: Bool
        package var role: String

        package init(enabled: Bool, role: String) {
            self.enabled = enabled
            self.role = role
        }
    }

    /// The redacted `okta` object.
    package struct Okta: Sendable, Hashable, Codable {
        package var username: String
        /// `<REDACTED>` when the password is inline; absent otherwise.
        package var password: String?
        package var passwordFile: String?
        package var passwordCredential: String?
        package var appId: String
        package var idpHost: String
        package var role: String

        package init(username: String, password: String? = nil, passwordFile: String? = nil,
                    passwordCredential: String? = nil, appId: String, idpHost: String, role: String) {
            self.username = username
            self.password = password
            self.passwordFile = passwordFile
            self.passwordCredential = passwordCredential
            self.appId = appId
            self.idpHost = idpHost
            self.role = role
        }
    }

    package init(type: String, autoBootstrap: Bool, config: Config, deletionPolicy: DeletionPolicy) {
        self.type = type
        self.autoBootstrap = autoBootstrap
        self.config = config
        self.deletionPolicy = deletionPolicy
    }

    /// The redacted form of `spec`.
    package init(_ spec: IntegrationSpec) {
        let config = spec.config
        let password = PasswordFields(config.password)
        var okta: Okta?
        if let settings = config.okta {
            let oktaPassword = PasswordFields(settings.password)
            okta = Okta(username: settings.username, password: oktaPassword.password,
                        passwordFile: oktaPassword.passwordFile, passwordCredential: oktaPassword.passwordCredential,
                        appId: settings.appId, idpHost: settings.idpHost, role: settings.role)
        }
        self.init(
            type: spec.type, autoBootstrap: spec.autoBootstrap,
            config: Config(
                host: config.host, port: config.port, database: config.database,
                initialDatabase: config.initialDatabase,
                impersonation: ImpersonationSettings(enabled: config.impersonation.enabled, role: config.impersonation.role),
                authenticationType: config.authenticationType, username: config.username,
                password: password.password, passwordFile: password.passwordFile,
                passwordCredential: password.passwordCredential, okta: okta,
                sslMode: config.sslMode, sslRootCert: config.sslRootCert, connectTimeout: config.connectTimeout,
                clusterIdentifier: config.clusterIdentifier, region: config.region,
                existingDatabase: config.existingDatabase ? true : nil),
            deletionPolicy: spec.deletionPolicy)
        let governance = spec.governance
        dataSources = governance.dataSources.isEmpty ? nil : governance.dataSources
        users = governance.users.isEmpty ? nil : governance.users
        policies = governance.policies.isEmpty ? nil : governance.policies
    }

    /// The governance part, empty when the spec has none.
    package var governance: Governance {
        Governance(dataSources: dataSources ?? [], users: users ?? [], policies: policies ?? [])
    }

    /// Compact JSON with sorted keys and unescaped slashes: the same spec always gives the same
    /// bytes (pinned by a golden test, so a Foundation change that alters them is noticed).
    package func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            // Unreachable: every field is a string, integer, boolean or string enum, which
            // JSONEncoder always encodes. Kept total rather than trapping.
            return Data("{\"unencodable\":true}".utf8)
        }
    }

    /// The three password fields of the GET shape for one `SecretSource`.
    private struct PasswordFields {
        var password: String?
        var passwordFile: String?
        var passwordCredential: String?

        init(_ source: SecretSource?) {
            switch source {
            case .inline: password = Secret.redacted
            case .file(let path): passwordFile = path
            case .credential(let name): passwordCredential = name
            case nil: break
            }
        }
    }
}

extension IntegrationSpec {
    /// The spec with inline passwords replaced by `<REDACTED>` and defaults filled in.
    package var redacted: RedactedSpec { RedactedSpec(self) }

    /// Lower-case hex SHA-256 of `redacted.canonicalJSON()`.
    ///
    /// Equal digests mean no edit: changing only an inline password does not change the digest
    /// (the password is neither hashed nor compared), while switching to a `passwordFile`, or any
    /// other field, does. Because defaults are filled in, writing `port: 5439` or leaving it out
    /// gives the same digest. A future field with a default would change every digest once.
    package var digest: String {
        CanonicalSpec(self).digest
    }
}
