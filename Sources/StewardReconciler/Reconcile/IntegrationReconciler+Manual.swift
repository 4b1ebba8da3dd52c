import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

extension IntegrationReconciler {
    /// The warehouse account an integration's system account is: `steward_<name>` when Steward
    /// creates it, the spec's own login for a manual setup.
    static func systemAccount(_ name: String, _ spec: IntegrationSpec) -> String {
        guard !spec.autoBootstrap else { return SpecFileName.systemAccountName(forIntegration: name) }
        // The engine (and so the PostgreSQL stand-in's `IAM:` name for Okta) is known only once
        // connected; the Redshift name is recorded until then.
        return ManualSetup.systemAccount(for: spec, dialect: .redshift)
    }

    /// Whether the last applied spec had data sources, users or policies: only then may
    /// enforcement objects exist that a spec without them must clean up.
    static func governanceApplied(_ record: IntegrationRecord) -> Bool {
        guard let json = record.appliedConfig else { return false }
        return RedactedSpec.hasGovernance(canonicalJSON: json)
    }

    /// The spec last applied, as recorded (nil when none was, or it cannot be read).
    static func appliedSpec(_ record: IntegrationRecord) -> RedactedSpec? {
        record.appliedConfig.flatMap { try? JSONDecoder().decode(RedactedSpec.self, from: Data($0.utf8)) }
    }

    /// A manual setup: never runs DDL. Logs in as the system account and checks that the
    /// scripts' objects are all there; `enabled` if so, else the phase's error status with the
    /// missing objects and the script that adds them.
    func applyManual(_ record: IntegrationRecord, phase: Phase, spec: IntegrationSpec, file: String,
                     desiredJSON: String, digest: String) async throws -> ReconcileReport {
        let config = spec.config
        let login: ConnectionParameters
        var priorTests: [ValidationTest] = []
        switch config.authenticationType {
        case .userPassword:
            guard let source = config.password else {
                return try await finishFailure(record, phase: phase, reason: .validationFailed, results: nil, transient: false,
                                         message: "config.password: missing; give the system account's password (password, passwordFile or passwordCredential)")
            }
            let password: Secret
            do {
                password = try resolver.resolve(source)
            } catch {
                return try await finishFailure(record, phase: phase, reason: .validationFailed, results: nil, transient: false,
                                         message: "config.password: \(error)")
            }
            login = ConnectionParameters(
                host: config.host, port: config.port, database: config.database, user: config.username ?? "",
                password: password, sslMode: config.sslMode, sslRootCert: config.sslRootCert,
                connectTimeout: config.connectTimeout, applicationName: "steward/\(record.name)")
        case .okta:
            // The system account is the federated user the scripts created (okta.username).
            switch await federatedLogin(config, dbUser: config.okta?.username) {
            case .success(let user, let password, let tests):
                priorTests = tests
                login = ConnectionParameters(
                    host: config.host, port: config.port, database: config.database, user: user ?? "",
                    password: password, sslMode: config.sslMode, sslRootCert: config.sslRootCert,
                    connectTimeout: config.connectTimeout, applicationName: "steward/\(record.name)")
            case .failure(let tests, let transient, let message):
                return try await finishLoginFailure(record, phase: phase, tests: tests, transient: transient, message: message)
            }
        }

        var input = ManualCheckInput(integrationName: record.name, spec: spec, login: login,
                                     previousRole: record.impersonationRole, fileName: file)
        input.priorTests = priorTests
        input.governanceApplied = Self.governanceApplied(record)
        let outcome = await bootstrapper(for: record.name).verifyManual(input)
        guard outcome.succeeded else {
            return try await finish(record, phase: phase, outcome: outcome, spec: spec, desiredJSON: desiredJSON, digest: digest)
        }
        if phase == .check && record.status == .enabled {
            return ReconcileReport(name: record.name, disposition: .converged, record: record)
        }
        var settled = record
        if outcome.dialect == .postgresql && config.authenticationType == .okta {
            settled = try await store.update(id: record.id) { $0.systemUser = login.user }
        }
        // A manual integration's verification runs no steps of Steward's own.
        return try await finish(settled, phase: phase, outcome: outcome, spec: spec, desiredJSON: desiredJSON, digest: digest)
    }
}
