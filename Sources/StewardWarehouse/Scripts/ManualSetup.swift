import StewardSpec

/// What a manual-setup spec (`autoBootstrap: false`) means in the warehouse.
///
/// The operator runs the scripts; Steward only checks. The system account is the spec's own
/// login: `config.username` for `userPassword`, the federated database user (`okta.username`)
/// for `okta`. Because the scripts are generated before Steward has recorded the integration,
/// the ownership marker's UID is derived from the integration's name, host, port and managed
/// database, so the scripts and the daemon agree on it without sharing state.
package struct ManualSetup: Sendable, Hashable {
    package var integrationName: String
    package var spec: IntegrationSpec
    package var dialect: DialectKind

    package init(integrationName: String, spec: IntegrationSpec, dialect: DialectKind) {
        self.integrationName = integrationName
        self.spec = spec
        self.dialect = dialect
    }

    /// The system account's name in the warehouse.
    ///
    /// For Okta, Redshift's database user is the `DbUser` passed to `GetClusterCredentials`
    /// (the Okta user name); libpq logs in as `IAM:<DbUser>`. PostgreSQL, standing in for
    /// Redshift, has no IAM login, so there the role is named exactly as libpq logs in.
    package var systemAccount: String {
        Self.systemAccount(for: spec, dialect: dialect)
    }

    package static func systemAccount(for spec: IntegrationSpec, dialect: DialectKind) -> String {
        switch spec.config.authenticationType {
        case .userPassword:
            return spec.config.username ?? ""
        case .okta:
            let user = spec.config.okta?.username ?? ""
            return dialect == .postgresql ? federatedLoginPrefix + user : user
        }
    }

    /// The prefix `GetClusterCredentials` puts before the database user (`IAMA:` with AutoCreate).
    package static let federatedLoginPrefix = "IAM:"

    /// The marker UID: a UUID-shaped SHA-256 of what identifies the integration.
    package var markerUID: String {
        let config = spec.config
        let bytes = SHA256.hash(Array("steward manual setup\u{0}\(integrationName)\u{0}\(config.host.lowercased())\u{0}\(config.port)\u{0}\(config.database)".utf8))
        let hex = bytes.prefix(16).map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.map(String.init).joined(separator: "-")
    }

    /// The desired state. `password` is the resolved `config.password` (userPassword; nil for
    /// okta or when only checking); `previousRole` is the impersonation role the integration had
    /// before an edit.
    package func desiredState(password: Secret?, previousRole: String? = nil) throws -> DesiredState {
        let user = try SQLIdentifier(systemAccount)
        let verifier: Secret?
        switch (spec.config.authenticationType, password) {
        case (.okta, _), (.userPassword, nil):
            verifier = nil
        case (.userPassword, let password?):
            verifier = try Self.verifier(password: password, user: user.name, dialect: dialect)
        }
        let impersonation = spec.config.impersonation
        let role = impersonation.enabled ? try SQLIdentifier(impersonation.role) : nil
        let remove = try [previousRole].compactMap { $0 }.filter { $0 != role?.name }.map(SQLIdentifier.init)
        var desired = try DesiredState(
            integrationUID: markerUID, integrationName: integrationName, database: SQLIdentifier(spec.config.database),
            systemUser: user, systemUserVerifier: verifier, resetSystemUserPassword: false,
            impersonationRole: role, rolesToRemove: remove)
        desired.passwordOrigin = .spec
        desired.existingDatabase = spec.config.existingDatabase
        return desired
    }

    /// The verifier each engine stores: SCRAM-SHA-256 on PostgreSQL, md5 on Redshift.
    static func verifier(password: Secret, user: String, dialect: DialectKind) throws -> Secret {
        switch dialect {
        case .postgresql:
            return SCRAMVerifier.make(password: password)
        case .redshift:
            guard let md5 = PGConnection.md5Verifier(password: password.unredacted, user: user) else {
                throw WarehouseError(kind: .unexpectedResponse, message: "libpq could not compute an md5 password verifier",
                                     fix: "check the libpq installation")
            }
            return Secret(md5)
        }
    }
}
