import Foundation
import StewardSpec
import StewardStore

extension IntegrationReconciler {
    /// Records a spec that another door (the HTTP API) is about to write into the folder, the way
    /// `apply` records a file it sees for the first time: a new record in `creating`, or a
    /// `deleted`/`disabled` one reopened (a new uid after `deleted`, the same after `disabled`).
    /// The id is known before the watcher sees the file, and `apply` then finds the record as if
    /// it had made it itself: same status, same fields.
    package func admitNew(name: String, spec: IntegrationSpec, message: String?) async throws -> IntegrationRecord {
        let config = spec.config
        let canonical = CanonicalSpec(spec)
        let current = try await store.record(named: name)
        let performed = try await executor.perform(lifecycle.decide(.admitNew, current.map { LifecycleFacts($0) }), name: name, current: current,
                                             message: message, new: { status in
            NewIntegration(
                name: name, status: status, host: config.host, port: config.port, database: config.database,
                systemUser: Self.systemAccount(name, spec), autoBootstrap: spec.autoBootstrap,
                deletionPolicy: spec.deletionPolicy,
                credentialReference: (config.authenticationType == .okta ? config.okta?.password : config.password).flatMap(CredentialReference.init),
                desiredConfig: canonical.json, specDigest: canonical.digest)
        }, fields: Self.specFields(name: name, spec: spec, canonical: canonical))
        guard let record = performed.record else { throw LifecycleExecutor.NoRecord(name: name) }
        return record
    }

    /// Records that a changed spec of integration `id` is about to be written: `editing` (or
    /// `creating` if it was never created), as `apply` does when it sees the change. Throws
    /// `AdmissionRefused` when a change is in progress already or the integration is gone; the
    /// lifecycle decides again inside the write transaction, so two requests cannot both pass.
    package func admitChange(id: Int64, spec: IntegrationSpec, message: String?) async throws -> IntegrationRecord {
        let current = try await store.record(id: id)
        let decided = lifecycle.decide(.admitChange, current.map { LifecycleFacts($0) })
        let fields = Self.specFields(name: current?.name ?? "", spec: spec)
        let lifecycle = lifecycle
        let performed = try await executor.perform(decided, name: current?.name ?? "", current: current, message: message, fields: { record in
            let now = lifecycle.decide(.admitChange, LifecycleFacts(record))
            guard now == decided else { throw AdmissionRefused(status: record.status) }
            fields(&record)
        })
        guard let record = performed.record else { throw AdmissionRefused(status: .deleted) }
        return record
    }

    /// Records that the spec of `record` was removed through the HTTP API: `deleting` at once (no
    /// removal grace period), unless a deletion is under way already. Throws `AdmissionRefused`
    /// for an integration that is gone.
    package func admitDeletion(_ record: IntegrationRecord, message: String?) async throws -> IntegrationRecord {
        try await executor.perform(lifecycle.decide(.apiDelete, LifecycleFacts(record)), name: record.name, current: record, message: message)
            .record ?? record
    }

    /// Why `apply` would refuse `spec` as an edit of `record` (host, port or database changed), or nil.
    package func forbiddenChange(_ record: IntegrationRecord, _ spec: IntegrationSpec) -> String? {
        immutableChange(record, spec.config)
    }

    /// The fields `apply` sets from a spec it reads.
    static func specFields(name: String, spec: IntegrationSpec, canonical: CanonicalSpec? = nil) -> @Sendable (inout IntegrationRecord) -> Void {
        let canonical = canonical ?? CanonicalSpec(spec)
        let desiredJSON = canonical.json
        let digest = canonical.digest
        let config = spec.config
        let credential = (config.authenticationType == .okta ? config.okta?.password : config.password).flatMap(CredentialReference.init)
        let systemAccount = systemAccount(name, spec)
        return { record in
            record.desiredConfig = desiredJSON
            record.specDigest = digest
            record.autoBootstrap = spec.autoBootstrap
            record.deletionPolicy = spec.deletionPolicy
            record.credentialReference = credential
            record.specErrors = nil
            if record.appliedDigest == nil {
                record.host = config.host
                record.port = config.port
                record.database = config.database
                record.systemUser = systemAccount
            }
        }
    }
}
