import StewardSpec

/// Where the privileged password of an integration can be read again: a file or a systemd
/// credential. Kept so that an integration whose spec file is gone can still be torn down.
///
/// There is deliberately no case for an inline value: the store cannot be handed a secret.
/// Stored as JSON: `{"kind":"file","path":"/etc/steward/secrets/admin"}` or
/// `{"kind":"credential","name":"redshift-admin"}`.
package enum CredentialReference: Sendable, Hashable, Codable {
    /// `passwordFile: /path`.
    case file(path: String)
    /// `passwordCredential: name` (`$CREDENTIALS_DIRECTORY/name`).
    case credential(name: String)

    /// The reference of a spec's password source, or nil for an inline password (which has none).
    package init?(_ source: SecretSource) {
        switch source {
        case .inline: return nil
        case .file(let path): self = .file(path: path)
        case .credential(let name): self = .credential(name: name)
        }
    }

    /// The spec's password source this reference points at.
    package var source: SecretSource {
        switch self {
        case .file(let path): .file(path: path)
        case .credential(let name): .credential(name: name)
        }
    }

    private enum Kind: String, Codable {
        case file, credential
    }

    private enum CodingKeys: String, CodingKey {
        case kind, path, name
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .file: self = .file(path: try container.decode(String.self, forKey: .path))
        case .credential: self = .credential(name: try container.decode(String.self, forKey: .name))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .file(let path):
            try container.encode(Kind.file, forKey: .kind)
            try container.encode(path, forKey: .path)
        case .credential(let name):
            try container.encode(Kind.credential, forKey: .kind)
            try container.encode(name, forKey: .name)
        }
    }
}
