import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

extension IntegrationReconciler {
    /// The file is gone: `Retain` forgets the integration (`disabled`, nothing dropped); `Delete`
    /// drops what carries its marker (`deleting` → `deleted` | `deleteError`).
    ///
    /// The decision to remove was taken from an earlier look at the folder. It is confirmed
    /// against `folder` twice more, at the moment it acts: before the first transition is
    /// recorded, and right before the first destructive statement (after the privileged login and
    /// the catalog observation, which take round trips). A file that is there at either moment
    /// calls the removal off (`.fileReturned`): nothing is recorded in the first case, nothing is
    /// dropped in the second, and the queue reconciles the name again as a present file. Called
    /// under the queue's one-worker-per-name rule, so no other reconcile of the name runs meanwhile.
    func remove(_ name: String, folder: (any SpecLocator)?) async throws -> ReconcileReport {
        guard var record = try await store.record(named: name), record.isActive else {
            return ReconcileReport(name: name, disposition: .idle, record: try await store.record(named: name))
        }
        let confirmation = RemovalConfirmation(name: name, folder: folder)
        guard confirmation.fileStillMissing() else {
            log(record, event: "removal-cancelled", "its spec file is back; the removal is called off before anything was recorded")
            return ReconcileReport(name: name, disposition: .fileReturned, record: record)
        }
        let owned = try await store.ownedObjects(integrationId: record.id)
        let previous = record.status
        let decided = lifecycle.decide(.fileMissing, LifecycleFacts(record, ownsObjects: !owned.isEmpty))
        if case .forget(let forgetting)? = decided.first {
            let message: String
            let logged: String
            switch forgetting {
            case .nothingMade:
                try? await secrets.delete(uid: record.uid)
                message = "the file was removed before anything was created"
                logged = "integration deleted (nothing had been created)"
            case .manualSetup:
                message = "manual setup: nothing was dropped; run `steward script delete \(name)` to remove the warehouse objects"
                logged = "integration deleted (manual setup: run `steward script delete \(name)` to drop its objects)"
            case .retained:
                message = "the file was removed with deletionPolicy: Retain; nothing was dropped"
                logged = "integration disabled (deletionPolicy: Retain)"
            }
            record = try await executor.perform(decided, name: name, current: record, message: message).record ?? record
            log(record, event: "transition", logged, previous: previous)
            return ReconcileReport(name: name, disposition: .converged, record: record)
        }
        record = try await executor.perform(decided, name: name, current: record).record ?? record
        if record.status != previous {
            log(record, event: "transition", "integration deleting", previous: previous)
        }
        guard let config = (record.appliedConfig ?? record.desiredConfig).flatMap(Self.decodeConfig) else {
            return try await failDeletion(record, transient: false, results: nil, message:
                "the recorded configuration of \(name) cannot be read, so steward cannot connect to drop its objects; "
                + "drop database \(record.database) and user \(record.systemUser) by hand")
        }
        let recorded = config.config
        // A DELETE through the HTTP API left the privileged password it carried (the database
        // password, or with Okta the Okta password) as a one-time secret (`secrets`): it comes before the
        // recorded reference, and is removed when the deletion ends (below on success, in
        // failDeletion on a permanent failure).
        let given = try await secrets.readDeletionCredential(uid: record.uid)
        guard let source = given.map(SecretSource.inline) ?? record.credentialReference?.source else {
            return try await failDeletion(record, transient: false, results: nil, message:
                "Integrations that are automatically configured require privileged credentials to disable. "
                + "The spec of \(name) had an inline password, which steward never stores. To finish: put the file back with "
                + "config.passwordFile or config.passwordCredential instead of config.password, wait for enabled, and remove it again; "
                + "or put it back with deletionPolicy: Retain and remove it to forget the integration without dropping anything")
        }
        let user: String
        let password: Secret
        switch await privilegedLogin(Self.loginSettings(recorded, password: source)) {
        case .success(let login, let secret, _):
            user = login ?? recorded.username ?? ""
            password = secret
        case .failure(let tests, let transient, let message):
            return try await failDeletion(record, transient: transient, results: tests.isEmpty ? nil : ValidationResults(validationTests: tests), message:
                "Integrations that are automatically configured require privileged credentials to disable: \(message)")
        }
        let privileged = ConnectionParameters(
            host: config.config.host, port: config.config.port, database: config.config.initialDatabase ?? config.config.database,
            user: user, password: password, sslMode: config.config.sslMode,
            sslRootCert: config.config.sslRootCert, connectTimeout: config.config.connectTimeout, applicationName: "steward/\(name)")
        var roles = owned.filter { $0.kind == .role }.map(\.name)
        if let role = record.impersonationRole, !roles.contains(role) { roles.append(role) }
        var input = DeletionInput(
            integrationUID: record.uid.uuidString.lowercased(), integrationName: name, privileged: privileged,
            database: record.database, systemUser: record.systemUser, roles: roles, ownedObjects: Set(owned.map(\.managedObject)))
        input.existingDatabase = config.config.existingDatabase == true
        input.confirmBeforeDropping = confirmation.fileStillMissing
        let outcome = await bootstrapper(for: name).delete(input, journal: StoreJournal(store: store, integrationId: record.id))
        switch outcome.result {
        case .converged(let steps):
            try await secrets.delete(uid: record.uid)
            try await secrets.deleteDeletionCredential(uid: record.uid)
            for object in try await store.ownedObjects(integrationId: record.id) {
                try await store.removeOwnedObject(integrationId: record.id, kind: object.kind, name: object.name)
            }
            let message = steps.isEmpty ? "nothing left to drop" : steps.map(\.description).joined(separator: "; ")
            record = try await executor.perform(lifecycle.decide(.deletionSucceeded, LifecycleFacts(record)), name: name, current: record,
                                          message: message, fields: { record in
                record.validationResults = outcome.validationResults
                record.lastError = nil
                record.attempts = 0
                record.nextAttemptAt = nil
            }).record ?? record
            log(record, event: "transition", "integration deleted: \(message)", previous: .deleting)
            return ReconcileReport(name: name, disposition: .converged, record: record, steps: steps.map(\.description))
        case .failed(let error):
            return try await failDeletion(record, transient: error.isTransient, results: outcome.validationResults, message: error.description)
        case .validationFailed(let message):
            return try await failDeletion(record, transient: false, results: outcome.validationResults, message: message)
        case .planned:
            return ReconcileReport(name: name, disposition: .idle, record: record)
        case .cancelled(let reason):
            // The one-time deletion credential stays: a removal asked for again can use it.
            log(record, event: "removal-cancelled", "\(reason); the file's content is applied next")
            return ReconcileReport(name: name, disposition: .fileReturned, record: record, message: reason)
        }
    }

    func failDeletion(_ record: IntegrationRecord, transient: Bool, results: ValidationResults?, message: String) async throws -> ReconcileReport {
        // A one-time deletion credential (HTTP API) is kept for retries of a transient failure only.
        if !transient { try await secrets.deleteDeletionCredential(uid: record.uid) }
        let decided = lifecycle.decide(.deletionFailed(transient ? .connectionFailed : "error"), LifecycleFacts(record))
        let updated = try await executor.perform(decided, name: record.name, current: record, message: message, fields: { record in
            if let results { record.validationResults = results }
            record.lastError = message
            record.attempts += 1
        }).record ?? record
        log(updated, event: "transition", "integration deleteError: \(message)", previous: record.status, level: .error)
        return ReconcileReport(name: record.name, disposition: transient ? .transientFailure : .permanentFailure, record: updated, message: message)
    }

    static func decodeConfig(_ json: String) -> RedactedSpec? {
        try? JSONDecoder().decode(RedactedSpec.self, from: Data(json.utf8))
    }
}
