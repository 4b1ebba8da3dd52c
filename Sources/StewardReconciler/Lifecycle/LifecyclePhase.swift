import StewardSpec

/// The work a reconcile does after the lifecycle has decided: make the integration, change it,
/// or check it (a routine check repairs drift as the system account and the privileged one).
public enum LifecyclePhase: Sendable, Hashable, CaseIterable {
    case create, edit, check

    /// The status recorded while the phase runs (a check records none).
    public var inProgress: IntegrationStatus? {
        switch self {
        case .create: .creating
        case .edit: .editing
        case .check: nil
        }
    }

    /// The status a failure of the phase records.
    public var errorStatus: IntegrationStatus {
        switch self {
        case .create: .createError
        case .edit: .editError
        case .check: .recurringValidationError
        }
    }
}
