import StewardSpec

/// The work a reconcile does after the lifecycle has decided: make the integration, change it,
/// or check it (a routine check repairs drift as the system account and the privileged one).
package enum LifecyclePhase: Sendable, Hashable, CaseIterable {
    case create, edit, check

    /// The status recorded while the phase runs (a check records none).
    package var inProgress: IntegrationStatus? {
        switch self {
        case .create: .creating
        case .edit: .editing
        case .check: nil
        }
    }

    /// The status a failure of the phase records.
    package var errorStatus: IntegrationStatus {
        switch self {
        case .create: .createError
        case .edit: .editError
        case .check: .recurringValidationError
        }
    }
}
