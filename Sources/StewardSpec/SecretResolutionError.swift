/// A secret could not be read. Names the source (`passwordFile /etc/steward/secrets/admin`)
/// and the fix; never contains the secret or any part of the file.
package struct SecretResolutionError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// `SecretSource.reference` of the source, e.g. `passwordCredential redshift-admin`.
    package var source: String
    package var message: String
    package var fix: String?

    package init(source: String, message: String, fix: String? = nil) {
        self.source = source
        self.message = message
        self.fix = fix
    }

    /// `passwordFile /etc/steward/secrets/admin: the file does not exist — create it ...`
    package var description: String {
        var text = "\(source): \(message)"
        if let fix { text += " — \(fix)" }
        return text
    }

    init(source: String, failure: RegularFileReader.Failure, path: String, credentialDirectory: String?) {
        let isCredential = credentialDirectory != nil
        switch failure {
        case .notFound:
            if let credentialDirectory {
                let name = String(path.dropFirst(credentialDirectory.count).drop { $0 == "/" })
                self.init(source: source, message: "no credential named \(name) in \(credentialDirectory)",
                          fix: "add LoadCredential=\(name):/path/to/secret to the steward unit and restart it")
            } else {
                self.init(source: source, message: "\(path) does not exist",
                          fix: "create it with the password on one line (mode 0600, owned by the steward user)")
            }
        case .permissionDenied:
            self.init(source: source, message: "permission denied reading \(path)",
                      fix: isCredential ? "check the LoadCredential= line of the steward unit"
                                        : "let the steward service user read it, e.g. chown steward \(path) and chmod 0600 \(path)")
        case .symlinkLoop:
            self.init(source: source, message: "\(path) is a loop of symbolic links", fix: "point it at a regular file")
        case .symbolicLink:
            self.init(source: source, message: "\(path) is a symbolic link; secret files are opened without following links",
                      fix: "name the file itself (readlink -f \(path)), or replace the link with the file")
        case .protected(let what):
            self.init(source: source, message: "\(path) is \(what); steward never reads its own state as a password",
                      fix: "keep the password in a file of its own outside the state directory")
        case .notRegular(let kind):
            self.init(source: source, message: "\(path) is \(kind), not a regular file",
                      fix: "keep the password in a regular file")
        case .tooLarge(let size):
            self.init(source: source,
                      message: "\(path) is \(ByteCount(size)), more than the limit of \(ByteCount(SecretResolver.maximumSecretFileSize))",
                      fix: "the file must hold only the password")
        case .accessibleToOthers(let mode):
            self.init(source: source, message: "\(path) has mode \(String(mode, radix: 8)); only its owner may read it",
                      fix: "chmod 600 \(path)")
        case .system(let operation, let reason):
            self.init(source: source, message: "could not read \(path) (\(operation): \(reason))", fix: nil)
        }
    }
}
