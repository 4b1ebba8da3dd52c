import Foundation
import StewardTestSupport
import Testing
@testable import StewardAPI

@Suite struct SettingsAndKeysTests {
    @Test func listenAddressesParseAndKnowWhetherTheyAreLoopback() throws {
        #expect(try ListenAddress(parsing: "unix:/run/steward/api.sock") == .unix(path: "/run/steward/api.sock"))
        #expect(try ListenAddress(parsing: "127.0.0.1:8787") == .tcp(host: "127.0.0.1", port: 8787))
        #expect(try ListenAddress(parsing: "[::1]:8787") == .tcp(host: "::1", port: 8787))
        for loopback in ["unix:/tmp/a.sock", "127.0.0.1:1", "127.9.8.7:1", "localhost:1", "[::1]:1"] {
            #expect(try ListenAddress(parsing: loopback).isLoopback, "\(loopback)")
        }
        for exposed in ["0.0.0.0:8787", "10.0.0.1:8787", "[::]:8787", "api.example.com:443", "128.0.0.1:1"] {
            #expect(try !ListenAddress(parsing: exposed).isLoopback, "\(exposed)")
        }
        for bad in ["8787", "unix:relative.sock", "127.0.0.1:http", "127.0.0.1:70000", ":8787", "::1:8787"] {
            #expect(throws: APIConfigurationError.self, "\(bad)") { try ListenAddress(parsing: bad) }
        }
    }

    @Test func settingsRefuseWhatCannotWork() throws {
        func make(_ listen: [String], file: String? = "/etc/steward/api-keys", credential: String? = nil,
                  cert: String? = nil, key: String? = nil) throws(APIConfigurationError) -> APISettings {
            try APISettings(listen: listen, apiKeyFile: file, apiKeyCredential: credential, tlsCertificate: cert, tlsKey: key)
        }
        #expect(try make(["127.0.0.1:8787", "unix:/run/steward/api.sock"]).tls == nil)
        #expect(try make(["0.0.0.0:8787"], cert: "/c.pem", key: "/k.pem").tls != nil)
        #expect { try make(["0.0.0.0:8787"]) } throws: { "\($0)".contains("needs TLS") }
        #expect { try make([]) } throws: { "\($0)".contains("at least one address") }
        #expect { try make(["127.0.0.1:1"], file: nil) } throws: { "\($0)".contains("apiKeyFile") }
        #expect { try make(["127.0.0.1:1"], credential: "keys") } throws: { "\($0)".contains("not both") }
        #expect { try make(["127.0.0.1:1"], cert: "/c.pem") } throws: { "\($0)".contains("go together") }
    }

    @Test func keysMatchRawAndBearerInConstantTimeAndReload() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let first = "0123456789abcdef0123"
        let second = "fedcba9876543210fedc"
        let file = try dir.write("keys", "# comment\n\n\(first)\n  \(second)  \n")
        let keys = try APIKeys(source: .file(path: file), environment: [:])
        #expect(keys.accepts(authorization: first))
        #expect(keys.accepts(authorization: "Bearer \(second)"))
        #expect(keys.accepts(authorization: "bearer \(first)"))
        for wrong in [nil, "", "Bearer", first + "x", String(first.dropLast()), "# comment", "Bearer \(first) \(second)"] {
            #expect(!keys.accepts(authorization: wrong), "\(String(describing: wrong))")
        }
        _ = try dir.write("keys", "\(second)\n")
        try keys.reload()
        #expect(!keys.accepts(authorization: first), "a key removed from the file stops working at reload")
        _ = try dir.write("keys", "short\n")
        #expect(throws: APIConfigurationError.self) { try keys.reload() }
        #expect(keys.accepts(authorization: second), "a failed reload keeps the keys in force")
        let credentials = try TemporaryDirectory()
        defer { credentials.remove() }
        _ = try credentials.write("api-keys", first + "\n")
        let fromCredential = try APIKeys(source: .credential(name: "api-keys"), environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(fromCredential.accepts(authorization: first))
    }
}
