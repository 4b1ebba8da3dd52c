/// Why a manual-setup script cannot be written: a value with a kind (so the CLI can pick an exit
/// code and the HTTP API a status), a message that names the source, and the fix.
package struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: Sendable, Hashable {
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

    package var kind: Kind
    package var message: String
    package var fix: String?

    package init(_ kind: Kind, _ message: String, fix: String? = nil) {
        self.kind = kind
        self.message = message
        self.fix = fix
    }

    /// The message, and the fix on a second line, as the CLI prints them.
    package var description: String {
        guard let fix else { return message }
        return "\(message)\n  fix: \(fix)"
    }
}
