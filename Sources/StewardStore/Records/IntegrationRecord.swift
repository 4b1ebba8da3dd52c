import Foundation
import GRDB
import StewardSpec

/// One integration as the status database records it (table `integration`).
///
/// The store owns the identity, the status and the timestamps: they are read-only outside this
/// module, so a status can only change through ``StatusStore/transition(id:to:reason:message:update:)``,
/// which writes the transition row in the same transaction. Everything else is set by the
/// `update` closures of the store's methods.
package struct IntegrationRecord: Sendable, Hashable, Identifiable, Codable {
    /// Assigned by SQLite, never reused. Users see it as a string (``displayID``).
    package internal(set) var id: Int64
    /// The spec file's name without its extension. Unique.
    package internal(set) var name: String
    /// The ownership marker written into the warehouse. Changes only when a deleted or disabled
    /// integration is reopened.
    package internal(set) var uid: UUID
    package internal(set) var status: IntegrationStatus
    package var validationResults: ValidationResults?
    /// The spec as last read from the file, as redacted JSON.
    package var desiredConfig: String?
    /// The spec last applied successfully, as redacted JSON.
    package var appliedConfig: String?
    package var specDigest: String?
    package var appliedDigest: String?
    package var host: String
    package var port: Int
    package var database: String
    package var systemUser: String
    package var impersonationRole: String?
    package var autoBootstrap: Bool
    package var deletionPolicy: DeletionPolicy
    /// Where the privileged password can be read again; never the password itself.
    package var credentialReference: CredentialReference?
    package var lastError: String?
    /// The validation errors of an invalid spec file, each naming its path.
    package var specErrors: [String]?
    /// Failed attempts since the last success; the reconciler's backoff counts them.
    package var attempts: Int
    package var nextAttemptAt: Date?
    package internal(set) var createdAt: Date
    /// Set by the store on every write.
    package internal(set) var updatedAt: Date
    /// When the integration last became `enabled`; set by the store on that transition.
    package internal(set) var enabledAt: Date?

    /// A record built from what the reconciler knows, before the store has written it; also
    /// useful to test code that reads records without a database.
    package init(id: Int64, _ new: NewIntegration, createdAt: Date) {
        self.id = id
        self.name = new.name
        self.uid = new.uid
        self.status = new.status
        self.validationResults = new.validationResults
        self.desiredConfig = new.desiredConfig
        self.appliedConfig = nil
        self.specDigest = new.specDigest
        self.appliedDigest = nil
        self.host = new.host
        self.port = new.port
        self.database = new.database
        self.systemUser = new.systemUser
        self.impersonationRole = new.impersonationRole
        self.autoBootstrap = new.autoBootstrap
        self.deletionPolicy = new.deletionPolicy
        self.credentialReference = new.credentialReference
        self.lastError = new.lastError
        self.specErrors = new.specErrors
        self.attempts = 0
        self.nextAttemptAt = nil
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.enabledAt = new.status == .enabled ? createdAt : nil
    }

    /// What reopening a `deleted` or `disabled` integration clears, for both stores: a new uid,
    /// no applied state, no errors, no attempts. The status is the store's to change.
    mutating func reopen(uid: UUID) {
        self.uid = uid
        appliedConfig = nil
        appliedDigest = nil
        validationResults = nil
        lastError = nil
        specErrors = nil
        attempts = 0
        nextAttemptAt = nil
        enabledAt = nil
    }

    /// The id as users see and type it.
    package var displayID: String { String(id) }

    /// Whether the record still claims its host and port: anything but `deleted` and `disabled`.
    package var isActive: Bool { status != .deleted && status != .disabled }
}

extension IntegrationRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "integration"

    /// The uid is stored as lower-case text, as it appears in the warehouse's marker.
    package static func databaseUUIDEncodingStrategy(for column: String) -> DatabaseUUIDEncodingStrategy {
        .lowercaseString
    }

    /// The table's columns, for GRDB queries.
    package enum Columns {
        package static let name = Column(CodingKeys.name)
        package static let status = Column(CodingKeys.status)
        package static let host = Column(CodingKeys.host)
        package static let port = Column(CodingKeys.port)
    }
}
