import StewardSpec
import StewardStore

/// One thing the executor does for a lifecycle decision, in the order given.
package enum LifecycleAction: Sendable, Hashable {
    /// No record yet: create one in this status.
    case create(IntegrationStatus, TransitionReason)
    /// A `deleted` or `disabled` record's spec is back: reopen it (`creating`), keeping its
    /// identity after `disabled` (to adopt what Retain kept) and taking a new one after `deleted`.
    case reopen(keepIdentity: Bool)
    /// Record this status, with the spec's fields.
    case transition(IntegrationStatus, TransitionReason)
    /// Write the spec's fields without a status change.
    case update
    /// Record that an event happened without a status change (a transition row to itself).
    case note(TransitionReason)
    /// Run this phase against the warehouse.
    case run(LifecyclePhase)
    /// Drop what carries the integration's marker.
    case drop
    /// The file is gone and nothing is dropped: record this end, for this reason.
    case forget(Forgetting)
    /// A request of the API cannot be admitted in this status.
    case refuse(IntegrationStatus)

    /// Why a removal drops nothing.
    package enum Forgetting: Sendable, Hashable {
        /// Nothing was ever made in the warehouse.
        case nothingMade
        /// A manual setup: Steward never held the privileges to drop anything.
        case manualSetup
        /// `deletionPolicy: Retain`.
        case retained

        package var status: IntegrationStatus { self == .retained ? .disabled : .deleted }
        package var reason: TransitionReason { self == .retained ? .retained : .fileRemoved }
    }

    /// The status this action records, if it records one.
    package var recordedStatus: IntegrationStatus? {
        switch self {
        case .create(let status, _), .transition(let status, _): status
        case .reopen: .creating
        case .forget(let forgetting): forgetting.status
        case .update, .note, .run, .drop, .refuse: nil
        }
    }
}
