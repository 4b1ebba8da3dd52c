import StewardSpec

/// References are the operator's, not the caller's: the one place that decides which fields a
/// body arriving over the API may not carry.
///
/// A field that names a file or a systemd credential (`passwordFile`, `passwordCredential`,
/// their `config.okta` forms, `sslRootCert`) makes the daemon read something on this machine
/// and, for a password, send it to the host the body names. A caller with an API key must not
/// choose what that is, so every such field in a body is refused with a 400 that says why and
/// what to do instead; passwords travel inline (as the seed's bodies carry them) and the API
/// keeps them in its own 0600 files. Spec files written into the folder by hand keep their
/// references: the operator chose them.
///
/// Used by every entry point that takes a spec (`SpecBody`: `POST`, `PUT`, the script
/// endpoints) and by the `DELETE` credentials (`DeletionCredentials`).
enum CallerReferences {
    /// The keys, anywhere a password source may stand (`config`, `config.okta`, the body of a
    /// `DELETE`), that name a file or credential rather than carry the password.
    static let passwordReferenceKeys = ["passwordFile", "passwordCredential"]

    static let handWritten = "if the integration needs it, write the spec file into the spec folder by hand "
        + "(the operator's references are kept there)"

    /// One problem per reference the parsed spec holds, each with its path, why and the fix.
    static func problems(in spec: IntegrationSpec) -> [SpecError] {
        var problems: [SpecError] = []
        if let source = spec.config.password, let key = referenceKey(source) {
            problems.append(passwordProblem(path: "config.\(key)", inline: "config.password"))
        }
        if let source = spec.config.okta?.password, let key = referenceKey(source) {
            problems.append(passwordProblem(path: "config.okta.\(key)", inline: "config.okta.password"))
        }
        if spec.config.sslRootCert != nil {
            problems.append(SpecError(
                path: "config.sslRootCert",
                message: "the HTTP API does not accept paths: a caller would choose which file on the steward host is read",
                fix: "leave it out and use sslMode require, or " + handWritten))
        }
        return problems
    }

    /// Refuses a spec with references: a 400 listing each one.
    static func refuse(in spec: IntegrationSpec) throws(APIError) {
        let problems = problems(in: spec)
        guard !problems.isEmpty else { return }
        throw APIError.invalidSpec(SpecErrors(file: "request body", errors: problems))
    }

    /// The problem for a reference key found in a `DELETE` body (`okta.` or no prefix).
    static func passwordProblem(path: String, inline: String) -> SpecError {
        SpecError(
            path: path,
            message: "the HTTP API accepts inline passwords only: a reference would let the caller choose which file "
                + "or credential on the steward host is read and sent to the host in the body",
            fix: "send the password inline as \(inline), or " + handWritten)
    }

    private static func referenceKey(_ source: SecretSource) -> String? {
        switch source {
        case .inline: nil
        case .file: "passwordFile"
        case .credential: "passwordCredential"
        }
    }
}
