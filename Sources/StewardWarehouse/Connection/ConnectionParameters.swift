import Foundation
import StewardSpec

/// Everything libpq needs to open one connection. The password travels only as a libpq
/// keyword value (never in a connection string, a process argument or a log line).
package struct ConnectionParameters: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var database: String
    package var user: String
    package var password: Secret?
    package var sslMode: SSLMode
    package var sslRootCert: String?
    /// Seconds; libpq's `connect_timeout` (minimum 2 as libpq enforces).
    package var connectTimeout: Int
    package var applicationName: String

    package init(
        host: String, port: Int, database: String, user: String, password: Secret?,
        sslMode: SSLMode = .require, sslRootCert: String? = nil, connectTimeout: Int = 10,
        applicationName: String = "steward"
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
        self.connectTimeout = connectTimeout
        self.applicationName = applicationName
    }

    /// The same server and credentials, another database.
    package func with(database: String) -> ConnectionParameters {
        var copy = self
        copy.database = database
        return copy
    }

    /// The same server and database, other credentials.
    package func with(user: String, password: Secret?) -> ConnectionParameters {
        var copy = self
        copy.user = user
        copy.password = password
        return copy
    }

    /// libpq keywords and values. Not for printing: it contains the password.
    var libpqKeywords: [(String, String)] {
        var pairs: [(String, String)] = [
            ("host", host),
            ("port", String(port)),
            ("dbname", database),
            ("user", user),
            ("sslmode", sslMode.rawValue),
            ("connect_timeout", String(max(2, connectTimeout))),
            ("application_name", applicationName),
            // Never read ~/.pgpass or PG* service files: the spec is the only source.
            ("passfile", "/dev/null"),
        ]
        if let password { pairs.append(("password", password.unredacted)) }
        if let sslRootCert { pairs.append(("sslrootcert", sslRootCert)) }
        return pairs
    }

    /// Removes any occurrence of the password from text that came back from libpq or the server.
    func scrub(_ text: String) -> String {
        guard let password, password.unredacted.count >= 1 else { return text }
        return text.replacingOccurrences(of: password.unredacted, with: Secret.redacted)
    }

    package var description: String {
        "\(user)@\(host):\(port)/\(database) (sslmode=\(sslMode.rawValue))"
    }
}
