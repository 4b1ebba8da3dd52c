import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

/// The five manual-setup scripts, as `steward script` prints them and the HTTP API's
/// `/integrations/scripts/...` endpoints return them: one implementation for both doors.
///
/// `initialCreate`, `create` and `cleanup` take a spec and the integration's name (the marker
/// UID is derived from it, so the scripts and the later configuration must use the same name);
/// `edit` and `delete` start from what the status store recorded.
package struct ManualScripts: Sendable {
    package var dialect: DialectKind
    package var resolver: SecretResolver

    package init(dialect: DialectKind, resolver: SecretResolver = SecretResolver()) {
        self.dialect = dialect
        self.resolver = resolver
    }

    /// The first script, run in `config.initialDatabase`.
    package func initialCreate(name: String, spec: IntegrationSpec, source: String) throws(ScriptError) -> SetupScript {
        let desired = try desiredState(name: name, spec: spec, source: source)
        return try render { try builder(spec).initialCreate(desired) }
    }

    /// The second script, run inside `config.database`.
    package func create(name: String, spec: IntegrationSpec, source: String) throws(ScriptError) -> SetupScript {
        let desired = try desiredState(name: name, spec: spec, source: source)
        return try render { try builder(spec).create(desired, governance: spec.governance) }
    }

    /// Removes whatever a failed creation of `spec` left behind.
    package func cleanup(name: String, spec: IntegrationSpec, source: String) throws(ScriptError) -> SetupScript {
        let desired = try desiredState(name: name, spec: spec, source: source)
        return builder(spec).cleanup(desired)
    }

    /// Moves `record` from its last applied config to `spec`.
    package func edit(record: IntegrationRecord, spec: IntegrationSpec, source: String) throws(ScriptError) -> SetupScript {
        let recorded = try RecordedIntegration(record)
        let config = spec.config
        if record.host.lowercased() != config.host.lowercased() || record.port != config.port || record.database != config.database {
            throw ScriptError(.forbiddenChange, """
                \(source): config.host, config.port and config.database cannot change on an existing integration \
                (recorded: \(record.host):\(record.port), database \(record.database)).
                """, fix: "restore them, or delete the integration (steward script delete \(record.name)) and create a new one")
        }
        let old = try recorded.desiredState(dialect: dialect)
        let new = try desiredState(name: record.name, spec: spec, source: source, previousRole: record.impersonationRole)
        return try render { try builder(spec).edit(from: old, to: new, governance: spec.governance) }
    }

    /// Removes an integration that was created: impersonation role, managed database, system account.
    package func delete(record: IntegrationRecord) throws(ScriptError) -> SetupScript {
        let recorded = try RecordedIntegration(record)
        let desired = try recorded.desiredState(dialect: dialect)
        let builder = SetupScriptBuilder(dialect: dialect, server: recorded.server, initialDatabase: recorded.initialDatabase)
        return builder.delete(integrationName: record.name, database: desired.database, systemUser: desired.systemUser,
                              roles: [desired.impersonationRole].compactMap { $0 },
                              existingDatabase: recorded.applied?.config.existingDatabase == true)
    }

    /// Refuses a spec that is not a manual setup.
    package static func requireManual(_ spec: IntegrationSpec, source: String) throws(ScriptError) {
        guard !spec.autoBootstrap else {
            throw ScriptError(.notManual, "\(source): autoBootstrap: true: scripts are for manual setup.",
                              fix: "set autoBootstrap: false to run the scripts yourself, or leave it true and let steward run the setup")
        }
    }

    /// The desired state, with the system account's password (userPassword) resolved.
    func desiredState(name: String, spec: IntegrationSpec, source: String, previousRole: String? = nil) throws(ScriptError) -> DesiredState {
        try Self.requireManual(spec, source: source)
        var password: Secret?
        if spec.config.authenticationType == .userPassword, let secret = spec.config.password {
            do {
                password = try resolver.resolve(secret)
            } catch {
                throw ScriptError(.invalidSpec, "\(source): config.password: \(error)")
            }
        }
        do {
            return try ManualSetup(integrationName: name, spec: spec, dialect: dialect).desiredState(password: password, previousRole: previousRole)
        } catch {
            throw ScriptError(.invalidSpec, "\(source): \(error)")
        }
    }

    func builder(_ spec: IntegrationSpec) -> SetupScriptBuilder {
        let config = spec.config
        return SetupScriptBuilder(dialect: dialect, server: "\(config.host):\(config.port)",
                                  initialDatabase: config.initialDatabase ?? "dev")
    }

    func render(_ make: () throws -> SetupScript) throws(ScriptError) -> SetupScript {
        do {
            return try make()
        } catch {
            throw ScriptError(.cannotRender, "cannot write the script: \(error)")
        }
    }
}
