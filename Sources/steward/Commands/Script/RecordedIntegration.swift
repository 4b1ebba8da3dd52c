import ArgumentParser
import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

/// What the status store says an integration was last applied as: the starting point of the
/// edit and delete scripts.
struct RecordedIntegration {
    let record: IntegrationRecord
    let applied: RedactedSpec?

    /// Looks `name` up in the state directory; exits with 2 and a fix when it is not there.
    init(name: String, state: StateOptions) throws {
        let store = try openStore(state)
        let found: IntegrationRecord?
        do {
            found = try store.record(named: name)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        guard let record = found else {
            printError("""
                No Integration found with ID \(name).
                  fix: give the name of an integration steward has recorded (`steward list`), or pass --state-dir
                """)
            throw ExitCode(2)
        }
        guard record.appliedDigest != nil else {
            printError("""
                integration \(name) was never created (status \(record.status.rawValue)).
                  fix: use `steward script cleanup FILE` to remove what a failed creation left behind
                """)
            throw ExitCode(2)
        }
        self.record = record
        self.applied = record.appliedConfig.flatMap { try? JSONDecoder().decode(RedactedSpec.self, from: Data($0.utf8)) }
    }

    /// The state the integration was last applied in.
    func desiredState(dialect: DialectKind) throws -> DesiredState {
        let uid: String
        if record.autoBootstrap {
            uid = record.uid.uuidString.lowercased()
        } else {
            // Manual setups carry the UID their scripts derived; rebuild it from what is recorded.
            let config = RedshiftConfig(host: record.host, port: record.port, database: record.database)
            uid = ManualSetup(integrationName: record.name, spec: IntegrationSpec(autoBootstrap: false, config: config),
                              dialect: dialect).markerUID
        }
        return try DesiredState(
            integrationUID: uid, integrationName: record.name, database: SQLIdentifier(record.database),
            systemUser: SQLIdentifier(record.systemUser), systemUserVerifier: nil,
            impersonationRole: record.impersonationRole.map(SQLIdentifier.init))
    }

    var initialDatabase: String { applied?.config.initialDatabase ?? "dev" }
    var server: String { "\(record.host):\(record.port)" }
}
