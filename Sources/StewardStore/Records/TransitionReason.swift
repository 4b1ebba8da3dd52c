/// Why a status changed: a short machine word such as `applied` or `fileRemoved`.
///
/// Open-ended on purpose (the reconciler names its own reasons); the constants below are the
/// common ones, so that `steward history` and journal filters see the same words everywhere.
public struct TransitionReason: RawRepresentable, Hashable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    /// A spec file was seen for the first time.
    public static let created: TransitionReason = "created"
    /// The spec was applied and verified.
    public static let applied: TransitionReason = "applied"
    /// A validation test failed.
    public static let validationFailed: TransitionReason = "validationFailed"
    /// The warehouse could not be reached.
    public static let connectionFailed: TransitionReason = "connectionFailed"
    /// The spec file is not valid.
    public static let specInvalid: TransitionReason = "specInvalid"
    /// The spec file changed.
    public static let specChanged: TransitionReason = "specChanged"
    /// The spec file was removed.
    public static let fileRemoved: TransitionReason = "fileRemoved"
    /// A removed spec file appeared again.
    public static let fileReappeared: TransitionReason = "fileReappeared"
    /// Another integration already uses the host and port.
    public static let conflict: TransitionReason = "conflict"
    /// The managed objects were dropped (`deletionPolicy: Delete`).
    public static let deleted: TransitionReason = "deleted"
    /// The integration was forgotten and its objects kept (`deletionPolicy: Retain`).
    public static let retained: TransitionReason = "retained"
    /// A periodic check found drift and repaired it.
    public static let driftRepaired: TransitionReason = "driftRepaired"
    /// A periodic check found drift it could not repair.
    public static let driftDetected: TransitionReason = "driftDetected"
}
