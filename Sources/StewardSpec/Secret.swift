/// A secret value (a password or token). It never prints: every textual form is `<REDACTED>`.
///
/// Read the value with `unredacted` only where it is handed to libpq or written to a 0600 file.
package struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package static let redacted = "<REDACTED>"

    private let value: String

    package init(_ value: String) { self.value = value }

    /// The secret itself. Call sites are few and reviewed: libpq parameters, the secret file.
    package var unredacted: String { value }

    package var isEmpty: Bool { value.isEmpty }

    package var description: String { Self.redacted }
    package var debugDescription: String { Self.redacted }
    package var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
