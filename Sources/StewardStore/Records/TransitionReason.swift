/// Why a status changed: a short machine word such as `applied` or `fileRemoved`.
///
/// Open-ended on purpose (the reconciler names its own reasons); the constants below are the
/// common ones, so that `steward history` and journal filters see the same words everywhere.
package struct TransitionReason: RawRepresentable, Hashable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible {
    package let rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }
    package init(_ rawValue: String) { self.rawValue = rawValue }
    package init(stringLiteral value: String) { self.rawValue = value }

    package var description: String { rawValue }

    /// A spec file was seen for the first time.
    package static let created: TransitionReason = "created"
    /// The spec was applied and verified.
    package static let applied: TransitionReason = "applied"
    /// A validation test failed.
    package static let validationFailed: TransitionReason = "validationFailed"
    /// The warehouse could not be reached.
    package static let connectionFailed: TransitionReason = "connectionFailed"
    /// The spec file is not valid.
    package static let specInvalid: TransitionReason = "specInvalid"
    /// The spec file changed.
    package static let specChanged: TransitionReason = "specChanged"
    /// The spec file was removed.
    package static let fileRemoved: TransitionReason = "fileRemoved"
    /// A removed spec file appeared again.
    package static let fileReappeared: TransitionReason = "fileReappeared"
    /// Another integration already uses the host and port.
    package static let conflict: TransitionReason = "conflict"
    /// The managed objects were dropped (`deletionPolicy: Delete`).
    package static let deleted: TransitionReason = "deleted"
    /// The integration was forgotten and its objects kept (`deletionPolicy: Retain`).
    package static let retained: TransitionReason = "retained"
    /// A periodic check found drift and repaired it.
    package static let driftRepaired: TransitionReason = "driftRepaired"
    /// A periodic check found drift it could not repair.
    package static let driftDetected: TransitionReason = "driftDetected"
}
