import Foundation

/// Turns a `SecretSource` into the secret itself, at the moment it is needed.
///
/// - inline: the value from the spec;
/// - file: the contents of a regular file of at most 64 KiB, with one trailing `\n` or `\r\n`
///   removed (what `echo` and most editors add); opened without following a symbolic link in
///   the last component, and refused when it is one of the state directory's files
///   (`protectedState`, checked by device and inode before any real open: `RegularFileReader`);
/// - credential: the file `$CREDENTIALS_DIRECTORY/NAME` that systemd provides for
///   `LoadCredential=NAME:PATH`, read the same way.
///
/// Nothing is cached: a rotated file is picked up on the next use. Errors name the source and
/// the fix, never the contents. An empty secret is an error.
package struct SecretResolver: Sendable {
    /// Secret files larger than this (64 KiB) are refused.
    package static let maximumSecretFileSize = 64 << 10

    /// The environment `CREDENTIALS_DIRECTORY` is taken from.
    package var environment: [String: String]

    /// The state directory, none of whose files is ever read as a secret (nil: no such check,
    /// for commands that have no state directory). The daemon and every command with a store
    /// set it (`IntegrationReconciler`).
    package var protectedState: String?
    /// Inside `protectedState`, the folder of the API's request secrets: a file there is read
    /// through its own path (the spec the API wrote names it so), never through another name.
    package var requestSecretsFolder: String?

    /// Whether `passwordFile` and `passwordCredential` are read; `false` for what arrives over
    /// the HTTP API, which never resolves references (`inlineOnly`).
    package var readsReferences = true

    /// - Parameter environment: defaults to the process environment; tests pass their own.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// A resolver that gives inline passwords only and refuses every reference, without
    /// looking at the file or credential it names.
    package static var inlineOnly: SecretResolver {
        var resolver = SecretResolver(environment: [:])
        resolver.readsReferences = false
        return resolver
    }

    package func resolve(_ source: SecretSource) throws(SecretResolutionError) -> Secret {
        if source.isReference && !readsReferences {
            throw SecretResolutionError(source: source.reference, message: "references are not resolved for requests over the HTTP API",
                                        fix: "send the password inline, or write the spec file into the spec folder by hand")
        }
        switch source {
        case .inline(let secret):
            guard !secret.isEmpty else {
                throw SecretResolutionError(source: source.reference, message: "the inline password is empty",
                                            fix: "give the password in the spec, or use passwordFile or passwordCredential")
            }
            return secret
        case .file(let path):
            guard path.hasPrefix("/") else {
                throw SecretResolutionError(source: source.reference, message: "the path is not absolute",
                                            fix: "write the full path, starting with /")
            }
            return try readSecret(at: path, source: source)
        case .credential(let name):
            guard FieldRules.isCredentialName(name) else {
                throw SecretResolutionError(
                    source: source.reference, message: "the name is not a valid credential name",
                    fix: "use letters, digits, _, ., : and - only, as in LoadCredential=NAME:PATH")
            }
            guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
                throw SecretResolutionError(
                    source: source.reference,
                    message: "CREDENTIALS_DIRECTORY is not set, so systemd passed no credentials to this process",
                    fix: "add LoadCredential=\(name):/path/to/secret to the [Service] section of the steward unit, "
                        + "or use passwordFile instead")
            }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            return try readSecret(at: path, source: source, credentialDirectory: directory)
        }
    }

    private func readSecret(at path: String, source: SecretSource,
                            credentialDirectory: String? = nil) throws(SecretResolutionError) -> Secret {
        let bytes: [UInt8]
        switch RegularFileReader.contents(ofFileAt: path, limit: Self.maximumSecretFileSize, followLinks: false,
                                          protected: protectedFiles(reading: path)) {
        case .success(let contents):
            bytes = contents
        case .failure(let failure):
            throw SecretResolutionError(source: source.reference, failure: failure, path: path,
                                        credentialDirectory: credentialDirectory)
        }
        var value = bytes[...]
        if value.last == Byte.lineFeed {
            value.removeLast()
            if value.last == Byte.carriageReturn { value.removeLast() }
        }
        guard !value.isEmpty else {
            throw SecretResolutionError(source: source.reference, message: "the secret is empty",
                                        fix: "write the password into \(path) (one line)")
        }
        guard !value.contains(0) else {
            throw SecretResolutionError(source: source.reference, message: "the secret contains a NUL byte",
                                        fix: "the file must hold the password as text on one line")
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw SecretResolutionError(source: source.reference, message: "the secret is not valid UTF-8 text",
                                        fix: "save the password as UTF-8 text")
        }
        return Secret(text)
    }

    /// The state directory's files, as they are now, except a request secret read through its
    /// own path.
    func protectedFiles(reading path: String) -> ProtectedFiles {
        guard let protectedState else { return ProtectedFiles() }
        let isRequestSecret = requestSecretsFolder.map { folder in
            path.hasPrefix(folder + "/") && !path.dropFirst(folder.count + 1).contains("/")
        } ?? false
        return ProtectedFiles(stateDirectory: protectedState, readableThrough: isRequestSecret ? path : nil)
    }
}
