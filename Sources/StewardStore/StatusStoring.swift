import Foundation
import StewardSpec

/// What Steward records about integrations, whichever database keeps it: the embedded SQLite
/// file of one host (``StatusStore``) or a PostgreSQL database that several hosts share
/// (``SharedStatusStore``). Every consumer (the reconciler, the daemon, the HTTP API and the
/// commands) works against this interface only.
///
/// Every write is one transaction: a status change writes its transition row with it, an
/// `update` closure runs inside it (quick, and never calling the store), and a closure's error
/// rolls everything back and reaches the caller unchanged. Any other failure is a ``StoreError``.
///
/// A shared store checks the writer's leadership term in the same transaction as each write, so
/// a daemon that lost its lease writes nothing (`StoreError.Code.fenced`).
package protocol StatusStoring: AnyObject, Sendable {
    /// This host's state directory: the lock, the secret files and the API's request secrets.
    var stateDirectory: URL { get }
    /// `STATE/api-secrets`: passwords sent in HTTP API request bodies (see `SecretFileStore`).
    var requestSecretsDirectory: URL { get }

    /// The record of the integration named `name`, if there is one.
    func record(named name: String) async throws(StoreError) -> IntegrationRecord?
    /// The record with the given id, if there is one.
    func record(id: Int64) async throws(StoreError) -> IntegrationRecord?
    /// Every record, ordered by name.
    func allRecords() async throws(StoreError) -> [IntegrationRecord]
    /// Records a new integration and its first transition (from no status to `new.status`).
    /// Fails with `.alreadyExists` if the name is taken, by a record in any status.
    @discardableResult
    func create(_ new: NewIntegration, reason: TransitionReason, message: String?) async throws(StoreError) -> IntegrationRecord
    /// Applies `update`, sets `status` and writes both, with a transition row if and only if the
    /// status changes (an edge of `LifecycleGraph`, or `.illegalTransition` and nothing written).
    /// Becoming `enabled` also sets `enabledAt`.
    @discardableResult
    func transition(id: Int64, to status: IntegrationStatus, reason: TransitionReason, message: String?,
                    update: (inout IntegrationRecord) throws -> Void) async throws -> IntegrationRecord
    /// Records an event that kept the status as a transition row from the status to itself.
    @discardableResult
    func note(id: Int64, reason: TransitionReason, message: String?) async throws -> IntegrationRecord
    /// Applies `update` without changing the status (no transition row).
    @discardableResult
    func update(id: Int64, _ update: (inout IntegrationRecord) throws -> Void) async throws -> IntegrationRecord
    /// Brings back a `deleted` or `disabled` integration: same id and history, a new `uid`, no
    /// applied state and no errors, status `creating`; `update` fills in what the file says.
    @discardableResult
    func reopen(name: String, newUID: UUID, reason: TransitionReason, message: String?,
                update: (inout IntegrationRecord) throws -> Void) async throws -> IntegrationRecord
    /// The transitions of an integration, oldest first.
    func transitions(integrationId: Int64) async throws(StoreError) -> [TransitionRecord]
    /// Records on `port`, other than `excludingName`, neither `deleted` nor `disabled`, oldest first.
    func activeRecords(port: Int, excludingName name: String) async throws(StoreError) -> [IntegrationRecord]

    /// Records the intent to create a warehouse object before the statement runs. Idempotent; an
    /// object already `created` stays so.
    func recordIntent(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError)
    /// Records that the object exists in the warehouse (with or without a prior intent).
    func markCreated(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError)
    /// The integration's owned objects, ordered by kind and name.
    func ownedObjects(integrationId: Int64) async throws(StoreError) -> [OwnedObject]
    /// Forgets an object; returns whether there was such a row.
    @discardableResult
    func removeOwnedObject(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) -> Bool

    /// The value stored under `key`, if any.
    func meta(_ key: String) async throws(StoreError) -> String?
    /// Stores `value` under `key`, replacing any previous value.
    func setMeta(_ key: String, _ value: String) async throws(StoreError)
    /// How many integrations are in each status; statuses with none are absent.
    func statusCounts() async throws(StoreError) -> [IntegrationStatus: Int]
    /// The earliest recorded next attempt after `now` among active integrations, if any.
    func earliestNextAttempt(after now: Date) async throws(StoreError) -> Date?
}

extension StatusStoring {
    /// ``create(_:reason:message:)`` of a new integration, reason `created` unless told.
    @discardableResult
    package func create(_ new: NewIntegration, reason: TransitionReason = .created) async throws(StoreError) -> IntegrationRecord {
        try await create(new, reason: reason, message: nil)
    }

    /// ``create(_:reason:message:)`` of a new integration, with a message.
    @discardableResult
    package func create(_ new: NewIntegration, message: String?) async throws(StoreError) -> IntegrationRecord {
        try await create(new, reason: .created, message: message)
    }

    /// ``transition(id:to:reason:message:update:)`` with no message or no update.
    @discardableResult
    package func transition(id: Int64, to status: IntegrationStatus, reason: TransitionReason, message: String? = nil) async throws -> IntegrationRecord {
        try await transition(id: id, to: status, reason: reason, message: message, update: { _ in })
    }

    /// ``transition(id:to:reason:message:update:)`` with an update and no message.
    @discardableResult
    package func transition(id: Int64, to status: IntegrationStatus, reason: TransitionReason,
                            update: (inout IntegrationRecord) throws -> Void) async throws -> IntegrationRecord {
        try await transition(id: id, to: status, reason: reason, message: nil, update: update)
    }

    /// ``note(id:reason:message:)`` without a message.
    @discardableResult
    package func note(id: Int64, reason: TransitionReason) async throws -> IntegrationRecord {
        try await note(id: id, reason: reason, message: nil)
    }

    /// ``reopen(name:newUID:reason:message:update:)`` for a file that reappeared.
    @discardableResult
    package func reopen(name: String, newUID: UUID, reason: TransitionReason = .fileReappeared, message: String? = nil,
                        update: (inout IntegrationRecord) throws -> Void = { _ in }) async throws -> IntegrationRecord {
        try await reopen(name: name, newUID: newUID, reason: reason, message: message, update: update)
    }

    /// The oldest record, other than the one named `excludingName`, that uses the same target
    /// (`TargetHost.isSame`: one spelling for every form of an address, and a shared resolved
    /// address) and port and is neither `deleted` nor `disabled`: the integration a new spec for
    /// that host would conflict with. `resolved` holds the records' hosts as resolved beforehand
    /// (`resolvedHosts`, outside any lock); a host not in it is compared as written.
    package func activeRecord(target: TargetHost, port: Int, excludingName name: String,
                              resolved: [String: TargetHost] = [:]) async throws(StoreError) -> IntegrationRecord? {
        try await activeRecords(port: port, excludingName: name).first { record in
            target.isSame(as: resolved[record.host] ?? TargetHost(literal: record.host))
        }
    }

    /// `activeRecord(target:...)` for a host as written, without DNS.
    package func activeRecord(host: String, port: Int, excludingName name: String) async throws(StoreError) -> IntegrationRecord? {
        try await activeRecord(target: TargetHost(literal: host), port: port, excludingName: name)
    }

    /// The hosts of the active records on `port` (other than `excludingName`), resolved at once
    /// within one bounded wait: call outside any lock, then pass to `activeRecord(target:...)`.
    package func resolvedHosts(port: Int, excludingName name: String) async throws(StoreError) -> [String: TargetHost] {
        TargetHost.resolvingAll(try await activeRecords(port: port, excludingName: name).map(\.host))
    }
}
