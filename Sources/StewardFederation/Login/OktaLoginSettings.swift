import StewardSpec

/// Everything one federated login needs: the Okta org and app, the Okta account, the role, what
/// to ask Redshift for, and the cluster. Hashable, so a cache can key on the whole of it (a
/// changed password is a different login).
package struct OktaLoginSettings: Sendable, Hashable {
    /// The Okta org: a host such as `example.okta.com` (https), or `http://127.0.0.1:PORT` for a
    /// local test IdP (plain http only to loopback addresses).
    package var idpHost: String
    /// The Okta AWS app's id (from its embed link, e.g. `0oa1b2c3d4EXAMPLE`).
    package var appId: String
    /// The app's name in Okta's URLs.
    package var appName: String
    package var username: String
    package var password: Secret
    /// The IAM role: a full role ARN, or the role name after `role/`. Optional when Okta offers
    /// exactly one role.
    package var role: String?
    /// The database user; else the assertion's `DbUser` attribute; else `username`.
    package var dbUser: String?
    /// Create the database user if missing; else the assertion's `AutoCreate`; else not sent.
    package var autoCreate: Bool?
    /// Database groups to join for the session; else the assertion's `DbGroups`; else none.
    package var dbGroups: [String]?
    package var clusterIdentifier: String
    package var region: String
    /// How long the database password lasts: 900 to 3600 seconds.
    package var durationSeconds: Int

    package init(idpHost: String, appId: String, appName: String = "amazon_aws", username: String, password: Secret,
                role: String? = nil, dbUser: String? = nil, autoCreate: Bool? = nil, dbGroups: [String]? = nil,
                clusterIdentifier: String, region: String, durationSeconds: Int = 900) {
        self.idpHost = idpHost
        self.appId = appId
        self.appName = appName
        self.username = username
        self.password = password
        self.role = role
        self.dbUser = dbUser
        self.autoCreate = autoCreate
        self.dbGroups = dbGroups
        self.clusterIdentifier = clusterIdentifier
        self.region = region
        self.durationSeconds = durationSeconds
    }

    /// The settings with the cluster and region of `endpoint`.
    package init(idpHost: String, appId: String, appName: String = "amazon_aws", username: String, password: Secret,
                role: String? = nil, dbUser: String? = nil, autoCreate: Bool? = nil, dbGroups: [String]? = nil,
                cluster endpoint: RedshiftEndpoint, durationSeconds: Int = 900) {
        self.init(idpHost: idpHost, appId: appId, appName: appName, username: username, password: password, role: role,
                  dbUser: dbUser, autoCreate: autoCreate, dbGroups: dbGroups, clusterIdentifier: endpoint.clusterIdentifier,
                  region: endpoint.region, durationSeconds: durationSeconds)
    }

    /// The checked Okta endpoint; throws a configuration error naming the field at fault.
    func validated() throws(FederationError) -> EndpointURL {
        let idp: EndpointURL
        do {
            idp = try EndpointURL.parse(idpHost, allowBareHost: true, allowPath: false)
        } catch {
            throw Self.invalid("okta.idpHost \"\(ServerText.clip(idpHost, limit: 120))\" is not usable: \(error.reason).",
                               fix: "Give the Okta org's host, such as example.okta.com.")
        }
        guard Self.isToken(appId, extra: "_-") else {
            throw Self.invalid("okta.appId is missing or holds characters other than letters, digits, '_' and '-'.",
                               fix: "Copy the app id from the Okta AWS app's embed link (…/home/amazon_aws/APP_ID/…).")
        }
        guard Self.isToken(appName, extra: "_-") else {
            throw Self.invalid("the Okta app name \"\(ServerText.clip(appName, limit: 60))\" is not usable.", fix: "Use amazon_aws.")
        }
        guard !username.trimmingWhitespace().isEmpty else {
            throw Self.invalid("okta.username is empty.", fix: "Set okta.username to the Okta account Steward signs in as.")
        }
        guard !password.isEmpty else {
            throw Self.invalid("the Okta password is empty.", fix: "Set okta.password, okta.passwordFile or okta.passwordCredential.")
        }
        guard (900...3600).contains(durationSeconds) else {
            throw Self.invalid("the credential lifetime \(durationSeconds) s is outside 900 to 3600 s.", fix: "Use 900 to 3600 seconds.")
        }
        try RedshiftEndpoint(clusterIdentifier: clusterIdentifier, region: region).validate()
        return idp
    }

    private static func isToken(_ text: String, extra: String) -> Bool {
        !text.isEmpty && text.count <= 100 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || extra.contains($0)) }
    }

    private static func invalid(_ message: String, fix: String) -> FederationError {
        FederationError(stage: .configuration, message: message, fix: fix)
    }
}
