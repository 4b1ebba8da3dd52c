import Foundation
import StewardSpec
import StewardStore

extension IntegrationReconciler {
    /// Records a spec that another door (the HTTP API) is about to write into the folder, the way
    /// `apply` records a file it sees for the first time: a new record in `creating`, or a
    /// `deleted`/`disabled` one reopened (a new uid after `deleted`, the same after `disabled`).
    /// The id is known before the watcher sees the file, and `apply` then finds the record as if
    /// it had made it itself: same status, same fields.
    public func admitNew(name: String, spec: IntegrationSpec, message: String?) throws -> IntegrationRecord {
        let config = spec.config
        let fields = Self.specFields(name: name, spec: spec)
        guard let current = try store.record(named: name) else {
            let credential = (config.authenticationType == .okta ? config.okta?.password : config.password).flatMap(CredentialReference.init)
            return try store.create(NewIntegration(
                name: name, status: .creating, host: config.host, port: config.port, database: config.database,
                systemUser: Self.systemAccount(name, spec), autoBootstrap: spec.autoBootstrap,
                deletionPolicy: spec.deletionPolicy, credentialReference: credential,
                desiredConfig: String(decoding: spec.redacted.canonicalJSON(), as: UTF8.self), specDigest: spec.digest),
                reason: .created, message: message)
        }
        guard !current.isActive else { throw AdmissionRefused(status: current.status) }
        return try store.reopen(name: name, newUID: current.status == .disabled ? current.uid : UUID(), message: message) { record in
            record.host = config.host
            record.port = config.port
            record.database = config.database
            fields(&record)
        }
    }

    /// Records that a changed spec of integration `id` is about to be written: `editing` (or
    /// `creating` if it was never created), as `apply` does when it sees the change. Throws
    /// `AdmissionRefused` when a change is in progress already or the integration is gone; the
    /// check runs inside the write transaction, so two requests cannot both pass it.
    public func admitChange(id: Int64, spec: IntegrationSpec, message: String?) throws -> IntegrationRecord {
        let current = try store.record(id: id)
        let status: IntegrationStatus = current?.appliedDigest == nil ? .creating : .editing
        let fields = Self.specFields(name: current?.name ?? "", spec: spec)
        return try store.transition(id: id, to: status, reason: .specChanged, message: message) { record in
            guard record.isActive, !record.status.isInProgress else {
                throw AdmissionRefused(status: record.status)
            }
            fields(&record)
        }
    }

    /// Why `apply` would refuse `spec` as an edit of `record` (host, port or database changed), or nil.
    public func forbiddenChange(_ record: IntegrationRecord, _ spec: IntegrationSpec) -> String? {
        immutableChange(record, spec.config)
    }

    /// The fields `apply` sets from a spec it reads.
    static func specFields(name: String, spec: IntegrationSpec) -> @Sendable (inout IntegrationRecord) -> Void {
        let desiredJSON = String(decoding: spec.redacted.canonicalJSON(), as: UTF8.self)
        let digest = spec.digest
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
