import Foundation
import Yams

/// The optional daemon config file (`--config`, e.g. /etc/steward/steward.yaml). Same settings
/// as the flags; flags win.
///
/// ```yaml
/// specDir: /etc/steward/integrations.d
/// stateDir: /var/lib/steward
/// workers: 4
/// resyncInterval: 10m
/// backoffBase: 1s
/// backoffCap: 5m
/// removalGrace: 5s          # a spec file must stay gone this long before its integration is deleted
/// logLevel: info
/// logFormat: text
/// api:                      # the HTTP API; off without this section
///   listen: ["unix:/run/steward/api.sock", "127.0.0.1:8787"]
///   apiKeyFile: /etc/steward/api-keys
/// store:                    # a status database shared by several hosts; SQLite in stateDir without this section
///   url: postgresql://steward@db.internal:5432/steward   # see SharedStoreSettings
///   passwordCredential: steward-store-password
///   secretKeyCredential: steward-secret-key
/// ```
struct DaemonConfigFile: Decodable, Sendable {
    var specDir: String?
    var stateDir: String?
    var workers: Int?
    var resyncInterval: String?
    var backoffBase: String?
    var backoffCap: String?
    var removalGrace: String?
    var logLevel: String?
    var logFormat: String?
    var api: APISection?
    var store: SharedStoreSettings.Section?

    /// The `api:` section: the HTTP API's listeners, keys and TLS files.
    struct APISection: Decodable, Sendable {
        var listen: [String]?
        var apiKeyFile: String?
        var apiKeyCredential: String?
        var tlsCertificate: String?
        var tlsKey: String?
        var headerTimeout: String?
        var readTimeout: String?
        var idleTimeout: String?
        var maxConnections: Int?

        static let keys: Set<String> = ["listen", "apiKeyFile", "apiKeyCredential", "tlsCertificate", "tlsKey",
                                        "headerTimeout", "readTimeout", "idleTimeout", "maxConnections"]
    }

    static let keys: Set<String> = ["specDir", "stateDir", "workers", "resyncInterval", "backoffBase", "backoffCap", "removalGrace", "logLevel", "logFormat", "api", "store"]

    /// Reads and checks the file; errors name the file and the key.
    static func load(_ path: String) throws -> DaemonConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigFileError("\(path): cannot read the file; check the path and its permissions")
        }
        let text = String(decoding: data, as: UTF8.self)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigFileError("\(path): not valid YAML")
        }
        guard let mapping = node?.mapping else {
            if node == nil { return DaemonConfigFile() }
            throw ConfigFileError("\(path): expected a mapping of settings (\(keys.sorted().joined(separator: ", ")))")
        }
        for key in mapping.keys.compactMap(\.string) where !keys.contains(key) {
            throw ConfigFileError("\(path): \(key): unknown setting; known settings: \(keys.sorted().joined(separator: ", "))")
        }
        if let section = mapping["api"]?.mapping {
            for key in section.keys.compactMap(\.string) where !APISection.keys.contains(key) {
                throw ConfigFileError("\(path): api.\(key): unknown setting; known settings: \(APISection.keys.sorted().joined(separator: ", "))")
            }
        }
        if let section = mapping["store"]?.mapping {
            for key in section.keys.compactMap(\.string) where !SharedStoreSettings.Section.keys.contains(key) {
                throw ConfigFileError("\(path): store.\(key): unknown setting; known settings: \(SharedStoreSettings.Section.keys.sorted().joined(separator: ", "))")
            }
        }
        do {
            return try YAMLDecoder().decode(DaemonConfigFile.self, from: text)
        } catch {
            throw ConfigFileError("\(path): a setting has the wrong type (\(error)); workers is a number, api.listen a list, the others are text")
        }
    }

    /// The shared store this file names, checked, or nil when it has no `store:` section.
    func sharedStore(path: String) throws(ConfigFileError) -> SharedStoreSettings? {
        guard let store else { return nil }
        return try SharedStoreSettings(store, file: path)
    }

    init() {}
}

struct ConfigFileError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
