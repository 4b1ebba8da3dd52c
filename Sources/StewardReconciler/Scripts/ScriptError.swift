/// Why a manual-setup script cannot be written: a value with a kind (so the CLI can pick an exit
/// code and the HTTP API a status), a message that names the source, and the fix.
public struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The spec does not parse or its password cannot be read.
        case invalidSpec
        /// `autoBootstrap: true`: scripts are for manual setup.
        case notManual
        /// No integration has that name or id.
        case notFound
        /// The integration was never created, so there is nothing to edit or delete.
        case neverCreated
        /// The edited spec changes what identifies the integration (host, port, database), or
        /// is another integration's file.
        case forbiddenChange
        /// The store could not be read.
        case store
        /// A value cannot be written as SQL.
        case cannotRender
    }

    public var kind: Kind
    public var message: String
    public var fix: String?

    public init(_ kind: Kind, _ message: String, fix: String? = nil) {
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    /// The message, and the fix on a second line, as the CLI prints them.
    public var description: String {
        guard let fix else { return message }
        return "\(message)\n  fix: \(fix)"
    }
}
