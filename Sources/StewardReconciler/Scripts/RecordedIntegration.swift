import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

/// What the status store says an integration was last applied as: the starting point of the
/// edit and delete scripts.
struct RecordedIntegration {
    let record: IntegrationRecord
    let applied: RedactedSpec?

    /// Refuses an integration that was never created (there is nothing to edit or delete).
    init(_ record: IntegrationRecord) throws(ScriptError) {
        guard record.appliedDigest != nil else {
            throw ScriptError(.neverCreated, "integration \(record.name) was never created (status \(record.status.rawValue)).",
                              fix: "use `steward script cleanup FILE` to remove what a failed creation left behind")
        }
        self.record = record
        self.applied = record.appliedConfig.flatMap { try? JSONDecoder().decode(RedactedSpec.self, from: Data($0.utf8)) }
    }

    /// The state the integration was last applied in.
    func desiredState(dialect: DialectKind) throws(ScriptError) -> DesiredState {
        let uid: String
        if record.autoBootstrap {
            uid = record.uid.uuidString.lowercased()
        } else {
            // Manual setups carry the UID their scripts derived; rebuild it from what is recorded.
            let config = RedshiftConfig(host: record.host, port: record.port, database: record.database)
            uid = ManualSetup(integrationName: record.name, spec: IntegrationSpec(autoBootstrap: false, config: config),
                              dialect: dialect).markerUID
        }
        do {
            return try DesiredState(
                integrationUID: uid, integrationName: record.name, database: SQLIdentifier(record.database),
                systemUser: SQLIdentifier(record.systemUser), systemUserVerifier: nil,
                impersonationRole: record.impersonationRole.map(SQLIdentifier.init))
        } catch {
            throw ScriptError(.cannotRender, "cannot write the script: \(error)")
        }
    }

    var initialDatabase: String { applied?.config.initialDatabase ?? "dev" }
    var server: String { "\(record.host):\(record.port)" }
}
