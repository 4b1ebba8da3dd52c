/// A secret value (a password or token). It never prints: every textual form is `<REDACTED>`.
///
/// Read the value with `unredacted` only where it is handed to libpq or written to a 0600 file.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let redacted = "<REDACTED>"

    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself. Call sites are few and reviewed: libpq parameters, the secret file.
    public var unredacted: String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
