/// The statuses of an integration, in the product API's own words.
///
/// There is no status called `failed`: each phase has its own error status, and the
/// `*Error` statuses of edit, delete and migrate mean the previous state stays in force.
package enum IntegrationStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case creating
    case enabled
    case createError
    case editing
    case editError
    case deleting
    case deleted
    case deleteError
    case disabled
    case migrating
    case migrateError
    case recurringValidationError

    /// Whether this status reports a failure that Steward will retry or wait on.
    package var isError: Bool {
        switch self {
        case .createError, .editError, .deleteError, .migrateError, .recurringValidationError: true
        default: false
        }
    }

    /// Whether work is in progress (a transition has started and not finished).
    package var isInProgress: Bool {
        switch self {
        case .creating, .editing, .deleting, .migrating: true
        default: false
        }
    }
}
