/// Why a federated login failed: the stage, what went wrong, what to do about it, and whether
/// trying again later may help.
///
/// Messages and fixes never hold the Okta password, the session token, the SAML assertion,
/// AWS secret keys or session tokens, or the database password: `FederatedLogin` also scrubs
/// every known secret from them before throwing, in case a server echoes one back.
package struct FederationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step of the login that failed.
    package enum Stage: String, Sendable, CaseIterable {
        /// The settings or the endpoints they lead to (before anything is sent).
        case configuration
        /// Okta primary authentication (`/api/v1/authn`).
        case oktaAuthentication
        /// Fetching and reading Okta's SAML response for the AWS app.
        case samlResponse
        /// Picking the IAM role from the roles the assertion offers.
        case roleSelection
        /// STS `AssumeRoleWithSAML`.
        case assumeRole
        /// Redshift `GetClusterCredentials`.
        case clusterCredentials

        /// How messages name the stage.
        package var title: String {
            switch self {
            case .configuration: "federated login configuration"
            case .oktaAuthentication: "Okta authentication"
            case .samlResponse: "Okta SAML response"
            case .roleSelection: "IAM role selection"
            case .assumeRole: "STS AssumeRoleWithSAML"
            case .clusterCredentials: "Redshift GetClusterCredentials"
            }
        }
    }

    package var stage: Stage
    /// What went wrong, in one sentence.
    package var message: String
    /// What to do about it.
    package var fix: String
    /// True for failures that may pass by themselves (network, 5xx, throttling): retry later.
    package var isTransient: Bool
    /// The peer's error code when it sent one (`E0000004`, `InvalidIdentityToken`, `ClusterNotFound`).
    package var code: String?

    package init(stage: Stage, message: String, fix: String, isTransient: Bool = false, code: String? = nil) {
        self.stage = stage
        self.message = message
        self.fix = fix
        self.isTransient = isTransient
        self.code = code
    }

    package var description: String { "\(stage.title) failed: \(message) Fix: \(fix)" }

    /// The same error with every occurrence of the given secrets (four characters or longer)
    /// replaced by `<REDACTED>`.
    func scrubbing(_ secrets: [String]) -> FederationError {
        let candidates = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
        guard !candidates.isEmpty else { return self }
        var copy = self
        for secret in candidates {
            copy.message = copy.message.replacing(secret, with: "<REDACTED>")
            copy.fix = copy.fix.replacing(secret, with: "<REDACTED>")
            copy.code = copy.code?.replacing(secret, with: "<REDACTED>")
        }
        return copy
    }

    /// A transport failure on the way to `service` at this stage.
    static func transport(_ error: HTTPTransportError, stage: Stage, service: String, fix: String) -> FederationError {
        let advice = error.isTransient ? "\(fix) Steward retries by itself." : fix
        return FederationError(stage: stage, message: "\(service): \(error).", fix: advice, isTransient: error.isTransient)
    }
}

/// Server-supplied text made fit for a message: one line, printable, at most 300 characters.
enum ServerText {
    static func clip(_ text: String, limit: Int = 300) -> String {
        let printable = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) }
        let collapsed = String(printable).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.count > limit ? String(collapsed.prefix(limit)) + "…" : collapsed
    }
}
