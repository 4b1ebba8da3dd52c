import Foundation
import StewardStore

extension NewIntegration {
    /// A plausible integration named `name` on `host`.
    static func sample(name: String = "analytics", host: String = "examplecluster.abc123.us-east-1.redshift.amazonaws.com", port: Int = 5439) -> NewIntegration {
        NewIntegration(
            name: name, host: host, port: port, database: "immuta", systemUser: "steward_\(name)",
            autoBootstrap: true, credentialReference: .file(path: "/etc/steward/secrets/admin"),
            desiredConfig: #"{"type":"Redshift","config":{"host":"\#(host)","password":"<REDACTED>"}}"#,
            specDigest: "sha256:1")
    }
}

extension StatusStore {
    /// A store in `directory.stateDirectory` on the test clock.
    static func open(in directory: TemporaryDirectory, clock: TestClock = TestClock()) throws -> StatusStore {
        try StatusStore(stateDirectory: directory.stateDirectory, now: { clock.now() })
    }
}
