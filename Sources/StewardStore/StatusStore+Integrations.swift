import Foundation
import GRDB
import StewardSpec

/// Integration records and their transitions.
///
/// Methods that take an `update` closure throw what the closure throws, unchanged, after rolling
/// the whole transaction back; every other failure is a ``StoreError``. The closure runs inside
/// the write transaction: it must be quick and must not call the store (GRDB forbids re-entrant
/// access and would stop the process).
extension StatusStore {
    /// The record of the integration named `name`, if there is one.
    package func record(named name: String) async throws(StoreError) -> IntegrationRecord? {
        try read("read the integration \(name)") { db in
            try IntegrationRecord.filter(IntegrationRecord.Columns.name == name).fetchOne(db)
        }
    }

    /// The record with the given id, if there is one.
    package func record(id: Int64) async throws(StoreError) -> IntegrationRecord? {
        try read("read integration \(id)") { db in try IntegrationRecord.fetchOne(db, id: id) }
    }

    /// Every record, ordered by name.
    package func allRecords() async throws(StoreError) -> [IntegrationRecord] {
        try read("read the integration records") { db in
            try IntegrationRecord.order(IntegrationRecord.Columns.name).fetchAll(db)
        }
    }

    /// Records a new integration and its first transition (from no status to `new.status`) in
    /// one transaction. Fails with `.alreadyExists` if the name is taken (by a record in any
    /// status: use ``reopen(name:newUID:reason:message:update:)`` for a deleted or disabled one).
    @discardableResult
    package func create(
        _ new: NewIntegration, reason: TransitionReason, message: String?
    ) async throws(StoreError) -> IntegrationRecord {
        let now = now()
        return try write("record the new integration \(new.name)") { db in
            if let existing = try IntegrationRecord.filter(IntegrationRecord.Columns.name == new.name).fetchOne(db) {
                throw StoreError.alreadyExists(name: new.name, id: existing.id)
            }
            guard LifecycleGraph.allows(from: nil, to: new.status) else {
                throw StoreError.illegalTransition(id: 0, from: nil, to: new.status)
            }
            let id = try IntegrationRecord(id: 0, new, createdAt: now).insertAssigningID(db)
            try Self.appendTransition(db, integrationId: id, from: nil, to: new.status, reason: reason, message: message, at: now)
            return try Self.fetch(db, id: id)
        }
    }

    /// Applies `update`, sets `status` and writes both in one transaction, with a transition
    /// row if and only if the status changes. Becoming `enabled` also sets `enabledAt`.
    ///
    /// If `update` throws, nothing is written and its error is rethrown. A change that is not an
    /// edge of `LifecycleGraph` fails with `.illegalTransition` and writes nothing.
    @discardableResult
    package func transition(
        id: Int64, to status: IntegrationStatus, reason: TransitionReason, message: String?,
        update: (inout IntegrationRecord) throws -> Void
    ) async throws -> IntegrationRecord {
        let now = now()
        return try writeCallingBack("record a status change of integration \(id)") { db in
            var record = try Self.fetch(db, id: id)
            try CallerError.run { try update(&record) }
            return try Self.save(db, record, change: StatusChange(status: status, reason: reason, message: message), at: now)
        }
    }

    /// Records an event that did not change the status (e.g. drift repaired on an enabled
    /// integration) as a transition row from the status to itself.
    @discardableResult
    package func note(id: Int64, reason: TransitionReason, message: String?) async throws -> IntegrationRecord {
        let now = now()
        return try writeCallingBack("record an event of integration \(id)") { db in
            var record = try Self.fetch(db, id: id)
            try Self.appendTransition(db, integrationId: id, from: record.status, to: record.status, reason: reason, message: message, at: now)
            record.updatedAt = now
            try record.update(db)
            return record
        }
    }

    /// Applies `update` without changing the status (no transition row).
    ///
    /// If `update` throws, nothing is written and its error is rethrown.
    @discardableResult
    package func update(id: Int64, _ update: (inout IntegrationRecord) throws -> Void) async throws -> IntegrationRecord {
        let now = now()
        return try writeCallingBack("update integration \(id)") { db in
            var record = try Self.fetch(db, id: id)
            try CallerError.run { try update(&record) }
            return try Self.save(db, record, change: nil, at: now)
        }
    }

    /// Brings back a `deleted` or `disabled` integration whose spec file appeared again: same id
    /// and history, a new `uid`, no applied state, no errors, status `creating` (with a
    /// transition row). `update` then fills in what the file now says, in the same transaction.
    ///
    /// Owned-object rows are left as they are: they describe the warehouse, which reopening
    /// does not change. To adopt objects a `Retain` left behind, pass the current uid.
    /// Fails with `.invalidState` for an integration in any other status.
    @discardableResult
    package func reopen(
        name: String, newUID: UUID, reason: TransitionReason, message: String?,
        update: (inout IntegrationRecord) throws -> Void
    ) async throws -> IntegrationRecord {
        let now = now()
        return try writeCallingBack("reopen the integration \(name)") { db in
            guard var record = try IntegrationRecord.filter(IntegrationRecord.Columns.name == name).fetchOne(db) else {
                throw StoreError.notFound(name: name)
            }
            guard !record.isActive else {
                throw StoreError.invalidState(action: "reopen", id: record.id, status: record.status.rawValue)
            }
            record.reopen(uid: newUID)
            try CallerError.run { try update(&record) }
            return try Self.save(db, record, change: StatusChange(status: .creating, reason: reason, message: message), at: now)
        }
    }

    /// The transitions of an integration, oldest first.
    package func transitions(integrationId: Int64) async throws(StoreError) -> [TransitionRecord] {
        try read("read the history of integration \(integrationId)") { db in
            try TransitionRecord
                .filter(TransitionRecord.Columns.integrationId == integrationId)
                .order(TransitionRecord.Columns.id)
                .fetchAll(db)
        }
    }

    /// Records on `port`, other than `excludingName`, neither `deleted` nor `disabled`, oldest first.
    package func activeRecords(port: Int, excludingName name: String) async throws(StoreError) -> [IntegrationRecord] {
        let inactive = [IntegrationStatus.deleted.rawValue, IntegrationStatus.disabled.rawValue]
        return try read("look for an integration on port \(port)") { db in
            try IntegrationRecord
                .filter(IntegrationRecord.Columns.port == port)
                .filter(IntegrationRecord.Columns.name != name)
                .filter(!inactive.contains(IntegrationRecord.Columns.status))
                .order(Column("id"))
                .fetchAll(db)
        }
    }

    // MARK: - Inside a transaction

    static func fetch(_ db: Database, id: Int64) throws -> IntegrationRecord {
        guard let record = try IntegrationRecord.fetchOne(db, id: id) else { throw StoreError.notFound(id: id) }
        return record
    }

    /// Writes `record`, applying `change` and adding a transition row if it changes the status,
    /// and returns the record as stored (dates at the database's precision).
    private static func save(
        _ db: Database, _ record: IntegrationRecord, change: StatusChange?, at now: Date
    ) throws -> IntegrationRecord {
        var record = record
        record.updatedAt = now
        if let change, change.status != record.status {
            guard LifecycleGraph.allows(from: record.status, to: change.status) else {
                throw StoreError.illegalTransition(id: record.id, from: record.status, to: change.status)
            }
            try appendTransition(
                db, integrationId: record.id, from: record.status, to: change.status,
                reason: change.reason, message: change.message, at: now)
            record.status = change.status
            if change.status == .enabled { record.enabledAt = now }
        }
        try record.update(db)
        return try fetch(db, id: record.id)
    }

    private static func appendTransition(
        _ db: Database, integrationId: Int64, from: IntegrationStatus?, to: IntegrationStatus,
        reason: TransitionReason, message: String?, at now: Date
    ) throws {
        let row = TransitionRecord(
            id: 0, integrationId: integrationId, fromStatus: from, toStatus: to, reason: reason, message: message, at: now)
        _ = try row.insertAssigningID(db)
    }
}

/// A requested status and why.
private struct StatusChange {
    let status: IntegrationStatus
    let reason: TransitionReason
    let message: String?
}
