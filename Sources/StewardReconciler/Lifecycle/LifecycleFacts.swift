import StewardSpec
import StewardStore

/// What the lifecycle reads of a record: its status and the few fields that decide where it goes.
package struct LifecycleFacts: Sendable, Hashable {
    package var status: IntegrationStatus
    /// The digest of the spec last applied and verified; nil while nothing was (a create).
    package var appliedDigest: String?
    package var autoBootstrap: Bool
    package var deletionPolicy: DeletionPolicy
    /// Whether the store records objects made in the warehouse for it (intents included).
    package var ownsObjects: Bool

    package init(status: IntegrationStatus, appliedDigest: String?, autoBootstrap: Bool = true,
                deletionPolicy: DeletionPolicy = .delete, ownsObjects: Bool = false) {
        self.status = status
        self.appliedDigest = appliedDigest
        self.autoBootstrap = autoBootstrap
        self.deletionPolicy = deletionPolicy
        self.ownsObjects = ownsObjects
    }

    package init(_ record: IntegrationRecord, ownsObjects: Bool = false) {
        self.init(status: record.status, appliedDigest: record.appliedDigest, autoBootstrap: record.autoBootstrap,
                  deletionPolicy: record.deletionPolicy, ownsObjects: ownsObjects)
    }

    /// Neither `deleted` nor `disabled`: it has a spec.
    package var isActive: Bool { status != .deleted && status != .disabled }
    var isApplied: Bool { appliedDigest != nil }
}
