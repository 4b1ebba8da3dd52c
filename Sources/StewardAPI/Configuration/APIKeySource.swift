import Foundation
import StewardSpec

/// Where the API keys come from: a file, or a systemd credential (`LoadCredential=NAME:PATH`,
/// read from `$CREDENTIALS_DIRECTORY/NAME`). One key per line; blank lines and lines starting
/// with `#` are ignored, so several keys can be valid at once while one is rotated.
package enum APIKeySource: Sendable, Hashable, CustomStringConvertible {
    case file(path: String)
    case credential(name: String)

    /// Keys shorter than this are refused: they could be guessed.
    package static let minimumKeyLength = 16

    /// Reads the keys; the error names the source and the fix, never a key. A file of
    /// `protectedState` is refused before it is opened (the daemon re-reads keys on reload,
    /// with its store open).
    package func load(environment: [String: String], protectedState: String? = nil) throws(APIConfigurationError) -> [String] {
        let secretSource: SecretSource = switch self {
        case .file(let path): .file(path: path)
        case .credential(let name): .credential(name: name)
        }
        let text: String
        do {
            var resolver = SecretResolver(environment: environment)
            resolver.protectedState = protectedState
            text = try resolver.resolve(secretSource).unredacted
        } catch {
            throw APIConfigurationError("api: cannot read the API keys: \(error)")
        }
        let keys = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !keys.isEmpty else {
            throw APIConfigurationError("api: \(self) holds no API key; write one key per line (e.g. openssl rand -hex 32)")
        }
        if let short = keys.firstIndex(where: { $0.count < Self.minimumKeyLength }) {
            throw APIConfigurationError("api: key \(short + 1) in \(self) is shorter than \(Self.minimumKeyLength) characters; "
                + "use a long random key (e.g. openssl rand -hex 32)")
        }
        if let spaced = keys.firstIndex(where: { $0.contains(" ") || $0.contains("\t") }) {
            throw APIConfigurationError("api: key \(spaced + 1) in \(self) contains white space; a key is one word")
        }
        return keys
    }

    package var description: String {
        switch self {
        case .file(let path): "apiKeyFile \(path)"
        case .credential(let name): "apiKeyCredential \(name)"
        }
    }
}
