import Foundation
import StewardSpec

/// What the reconciler knows about an integration when it first records it.
///
/// The fields mirror ``IntegrationRecord``; the store adds the id, the timestamps and the first
/// transition. A spec file that has never been valid has no connection details: use empty
/// strings and port 0 for them, and put the file's errors in `specErrors`.
package struct NewIntegration: Sendable, Hashable {
    /// The integration's name: the spec file's name without its extension.
    package var name: String
    /// The ownership marker written into the warehouse.
    package var uid: UUID
    /// The first status, normally `creating` (`createError` for a file that is invalid from the start).
    package var status: IntegrationStatus
    package var host: String
    package var port: Int
    package var database: String
    /// The system account Steward creates and uses for routine checks (e.g. `steward_analytics`).
    package var systemUser: String
    package var impersonationRole: String?
    package var autoBootstrap: Bool
    package var deletionPolicy: DeletionPolicy
    /// Where the privileged password can be read again; never the password itself.
    package var credentialReference: CredentialReference?
    /// The spec as last read from the file, as redacted JSON.
    package var desiredConfig: String?
    package var specDigest: String?
    /// The validation errors of an invalid file, each naming its path.
    package var specErrors: [String]?
    package var lastError: String?
    package var validationResults: ValidationResults?

    package init(
        name: String, uid: UUID = UUID(), status: IntegrationStatus = .creating,
        host: String, port: Int, database: String, systemUser: String, impersonationRole: String? = nil,
        autoBootstrap: Bool, deletionPolicy: DeletionPolicy = .delete, credentialReference: CredentialReference? = nil,
        desiredConfig: String? = nil, specDigest: String? = nil, specErrors: [String]? = nil,
        lastError: String? = nil, validationResults: ValidationResults? = nil
    ) {
        self.name = name
        self.uid = uid
        self.status = status
        self.host = host
        self.port = port
        self.database = database
        self.systemUser = systemUser
        self.impersonationRole = impersonationRole
        self.autoBootstrap = autoBootstrap
        self.deletionPolicy = deletionPolicy
        self.credentialReference = credentialReference
        self.desiredConfig = desiredConfig
        self.specDigest = specDigest
        self.specErrors = specErrors
        self.lastError = lastError
        self.validationResults = validationResults
    }
}
