import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

/// The `store:` section of steward.yaml: a PostgreSQL database that several Steward hosts share
/// as their status store, one of them leading.
///
/// ```yaml
/// store:
///   url: postgresql://steward@db.internal:5432/steward?sslmode=verify-full&sslrootcert=/etc/steward/db-ca.pem
///   passwordCredential: steward-store-password   # or passwordFile: /etc/steward/store-password
///   secretKeyCredential: steward-secret-key      # or secretKeyFile: ... (32 bytes, the same on every host)
///   member: steward-a                            # default: this host's name
///   lease: 15s                                   # default 15s
/// ```
///
/// The URL never carries the password: one written there is refused, since the URL may be
/// printed, logged or passed on a command line. The default `sslmode` is `require`.
struct SharedStoreSettings: Sendable {
    var parameters: ConnectionParameters
    var member: String
    var lease: Duration
    var secretKey: SecretKeyFile

    /// The default lease: a dead leader is replaced within it plus one renewal interval.
    static let defaultLease = Duration.seconds(15)

    /// The section as written in the config file.
    struct Section: Decodable, Sendable {
        var url: String?
        var passwordFile: String?
        var passwordCredential: String?
        var secretKeyFile: String?
        var secretKeyCredential: String?
        var member: String?
        var lease: String?

        init() {}

        static let keys: Set<String> = ["url", "passwordFile", "passwordCredential", "secretKeyFile", "secretKeyCredential", "member", "lease"]
    }

    /// Checks the section of `file`; every error names the file, the key and the fix. The
    /// password is read here (so that a missing one stops the start, not the first write).
    init(_ section: Section, file: String, resolver: SecretResolver = SecretResolver()) throws(ConfigFileError) {
        func fail(_ key: String, _ message: String) -> ConfigFileError {
            ConfigFileError("\(file): store.\(key): \(message)")
        }
        guard let url = section.url else {
            throw fail("url", "missing; write e.g. url: postgresql://steward@db.internal:5432/steward")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              scheme == "postgresql" || scheme == "postgres" else {
            throw fail("url", "not a postgresql:// URL; write e.g. postgresql://steward@db.internal:5432/steward")
        }
        guard components.password == nil else {
            throw fail("url", "carries a password; remove it from the URL and give it with store.passwordFile or store.passwordCredential")
        }
        guard let host = components.host, !host.isEmpty else {
            throw fail("url", "names no host; write e.g. postgresql://steward@db.internal:5432/steward")
        }
        guard let user = components.user, !user.isEmpty else {
            throw fail("url", "names no user; write e.g. postgresql://steward@\(host)/steward")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw fail("url", "names no database; write e.g. postgresql://\(user)@\(host)/steward")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw fail("url", "port \(port) is out of range 1-65535") }
        var sslMode = SSLMode.require
        var sslRootCert: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw fail("url", "sslmode \(item.value ?? "") is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                sslRootCert = item.value
            default:
                throw fail("url", "unknown parameter \(item.name); only sslmode and sslrootcert are read")
            }
        }
        let password: SecretSource
        switch (section.passwordFile, section.passwordCredential) {
        case (let path?, nil): password = .file(path: path)
        case (nil, let name?): password = .credential(name: name)
        case (nil, nil): throw fail("passwordFile", "missing; give the store's password with store.passwordFile or store.passwordCredential")
        case (_?, _?): throw fail("passwordFile", "both passwordFile and passwordCredential are set; keep one")
        }
        let secret: Secret
        do {
            secret = try resolver.resolve(password)
        } catch {
            throw fail(section.passwordFile != nil ? "passwordFile" : "passwordCredential", "\(error)")
        }
        switch (section.secretKeyFile, section.secretKeyCredential) {
        case (let path?, nil): secretKey = .file(path: path)
        case (nil, let name?): secretKey = .credential(name: name)
        case (nil, nil):
            throw fail("secretKeyFile", "missing; every host needs the same 32-byte key to seal the system accounts' passwords in the shared store "
                       + "(head -c 32 /dev/urandom | base64 > FILE; chmod 600 FILE), given with store.secretKeyFile or store.secretKeyCredential")
        case (_?, _?): throw fail("secretKeyFile", "both secretKeyFile and secretKeyCredential are set; keep one")
        }
        member = section.member ?? ProcessInfo.processInfo.hostName
        guard !member.isEmpty, member.count <= 63, member.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw fail("member", "\"\(section.member ?? member)\" is not a member name: 1 to 63 letters, digits, '-', '_' or '.'")
        }
        if let text = section.lease {
            guard let parsed = DurationText(argument: text), parsed.duration >= .seconds(1), parsed.duration <= .seconds(600) else {
                throw fail("lease", "\"\(text)\" is not a lease between 1s and 10m; write e.g. 15s")
            }
            lease = parsed.duration
        } else {
            lease = Self.defaultLease
        }
        parameters = ConnectionParameters(
            host: host, port: port, database: database, user: user, password: secret, sslMode: sslMode,
            sslRootCert: sslRootCert, connectTimeout: 5, applicationName: "steward-store/\(member)")
    }
}
