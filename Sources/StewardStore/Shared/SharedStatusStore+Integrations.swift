import Foundation
import StewardSpec
import StewardWarehouse

/// Integration records and their transitions, as ``StatusStore`` keeps them (same errors, same
/// order of results).
///
/// Methods that take an `update` closure read the current row inside the write's transaction
/// (`FOR UPDATE`), run the closure in Swift, and send the change with `COMMIT`: two round trips.
/// What the closure throws reaches the caller unchanged after the rollback. The closure must be
/// quick: the transaction, and the share lock on the lease row, stay open while it runs.
extension SharedStatusStore {
    /// The record of the integration named `name`, if there is one.
    package func record(named name: String) async throws(StoreError) -> IntegrationRecord? {
        let answers = try await read("read the integration \(name)", [
            SQLStatement("SELECT \(SharedIntegrationSQL.selectList) FROM \(SharedSQL.integration) WHERE name = $1::text",
                         parameters: [name]),
        ])
        return try decode("read the integration \(name)") { () throws(SharedRowError) in
            try SharedIntegrationSQL.records(answers[0]).first
        }
    }

    /// The record with the given id, if there is one.
    package func record(id: Int64) async throws(StoreError) -> IntegrationRecord? {
        let answers = try await read("read integration \(id)", [Self.selectByID(id, locking: false)])
        return try decode("read integration \(id)") { () throws(SharedRowError) in
            try SharedIntegrationSQL.records(answers[0]).first
        }
    }

    /// Every record, ordered by name (byte order, as SQLite orders text).
    package func allRecords() async throws(StoreError) -> [IntegrationRecord] {
        let answers = try await read("read the integration records", [
            SQLStatement("SELECT \(SharedIntegrationSQL.selectList) FROM \(SharedSQL.integration) ORDER BY name COLLATE \"C\""),
        ])
        return try decode("read the integration records") { () throws(SharedRowError) in
            try SharedIntegrationSQL.records(answers[0])
        }
    }

    /// Records a new integration and its first transition (from no status to `new.status`) in
    /// one round trip. Fails with `.alreadyExists` if the name is taken, by a record in any status.
    @discardableResult
    package func create(
        _ new: NewIntegration, reason: TransitionReason, message: String?
    ) async throws(StoreError) -> IntegrationRecord {
        let action = "record the new integration \(new.name)"
        guard LifecycleGraph.allows(from: nil, to: new.status) else {
            // As the SQLite store: a taken name is reported first.
            if let existing = try await record(named: new.name) {
                throw StoreError.alreadyExists(name: new.name, id: existing.id)
            }
            throw StoreError.illegalTransition(id: 0, from: nil, to: new.status)
        }
        let record = IntegrationRecord(id: 0, new, createdAt: now())
        let inserted = try await write(action) { transaction in
            let answers = try await transaction.run([try SharedIntegrationSQL.insert(record, reason: reason, message: message)])
            return try SharedIntegrationSQL.records(answers[0]).first
        }
        if let inserted { return inserted }
        // The name was taken (nothing was written): say by which record.
        if let existing = try await self.record(named: new.name) {
            throw StoreError.alreadyExists(name: new.name, id: existing.id)
        }
        throw StoreError(code: .database, message: "cannot \(action): the name was taken and then freed meanwhile; steward tries again")
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
        return try await writeCallingBack("record a status change of integration \(id)") { transaction in
            var record = try await Self.fetchForUpdate(transaction, id: id)
            try CallerError.run { try update(&record) }
            return try await Self.save(transaction, record, change: SharedStatusChange(status: status, reason: reason, message: message), at: now)
        }
    }

    /// Records an event that did not change the status (e.g. drift repaired on an enabled
    /// integration) as a transition row from the status to itself, in one round trip.
    @discardableResult
    package func note(id: Int64, reason: TransitionReason, message: String?) async throws -> IntegrationRecord {
        let at = SharedSQL.parameter(now())
        return try await writeCallingBack("record an event of integration \(id)") { transaction in
            let answers = try await transaction.run([
                SQLStatement("""
                    INSERT INTO \(SharedSQL.transition) (integration_id, from_status, to_status, reason, message, recorded_at)
                    SELECT id, status, status, $2::text, $3::text, \(SharedSQL.timestamp("$4"))
                    FROM \(SharedSQL.integration) WHERE id = $1::bigint
                    """, parameters: [String(id), reason.rawValue, message, at]),
                SQLStatement("""
                    UPDATE \(SharedSQL.integration) SET updated_at = \(SharedSQL.timestamp("$2"))
                    WHERE id = $1::bigint RETURNING \(SharedIntegrationSQL.selectList)
                    """, parameters: [String(id), at]),
            ])
            // No row: no such integration, and the INSERT above found none either.
            guard let record = try SharedIntegrationSQL.records(answers[1]).first else { throw StoreError.notFound(id: id) }
            return record
        }
    }

    /// Applies `update` without changing the status (no transition row).
    ///
    /// If `update` throws, nothing is written and its error is rethrown.
    @discardableResult
    package func update(id: Int64, _ update: (inout IntegrationRecord) throws -> Void) async throws -> IntegrationRecord {
        let now = now()
        return try await writeCallingBack("update integration \(id)") { transaction in
            var record = try await Self.fetchForUpdate(transaction, id: id)
            try CallerError.run { try update(&record) }
            return try await Self.save(transaction, record, change: nil, at: now)
        }
    }

    /// Brings back a `deleted` or `disabled` integration whose spec file appeared again: same id
    /// and history, a new `uid`, no applied state, no errors, status `creating` (with a
    /// transition row). `update` then fills in what the file now says, in the same transaction.
    ///
    /// Owned-object rows are left as they are. Fails with `.notFound` for an unknown name and
    /// `.invalidState` for an integration in any other status.
    @discardableResult
    package func reopen(
        name: String, newUID: UUID, reason: TransitionReason, message: String?,
        update: (inout IntegrationRecord) throws -> Void
    ) async throws -> IntegrationRecord {
        let now = now()
        return try await writeCallingBack("reopen the integration \(name)") { transaction in
            let answers = try await transaction.begin([
                SQLStatement("SELECT \(SharedIntegrationSQL.selectList) FROM \(SharedSQL.integration) WHERE name = $1::text FOR UPDATE",
                             parameters: [name]),
            ])
            guard var record = try SharedIntegrationSQL.records(answers[0]).first else { throw StoreError.notFound(name: name) }
            guard !record.isActive else {
                throw StoreError.invalidState(action: "reopen", id: record.id, status: record.status.rawValue)
            }
            record.reopen(uid: newUID)
            try CallerError.run { try update(&record) }
            return try await Self.save(transaction, record, change: SharedStatusChange(status: .creating, reason: reason, message: message), at: now)
        }
    }

    /// The transitions of an integration, oldest first.
    package func transitions(integrationId: Int64) async throws(StoreError) -> [TransitionRecord] {
        let action = "read the history of integration \(integrationId)"
        let answers = try await read(action, [
            SQLStatement("""
                SELECT id, integration_id, from_status, to_status, reason, message, \(SharedSQL.micros("recorded_at", as: "recorded_at"))
                FROM \(SharedSQL.transition) WHERE integration_id = $1::bigint ORDER BY id
                """, parameters: [String(integrationId)]),
        ])
        return try decode(action) { () throws(SharedRowError) in
            var transitions: [TransitionRecord] = []
            for row in SharedRow.all(answers[0]) {
                transitions.append(TransitionRecord(
                    id: try row.int64("id"), integrationId: try row.int64("integration_id"),
                    fromStatus: try row.optionalValue("from_status", as: IntegrationStatus.self),
                    toStatus: try row.value("to_status", as: IntegrationStatus.self),
                    reason: TransitionReason(try row.string("reason")), message: try row.optionalString("message"),
                    at: try row.date("recorded_at")))
            }
            return transitions
        }
    }

    /// Records on `port`, other than `excludingName`, neither `deleted` nor `disabled`, oldest first.
    package func activeRecords(port: Int, excludingName name: String) async throws(StoreError) -> [IntegrationRecord] {
        let action = "look for an integration on port \(port)"
        let answers = try await read(action, [
            SQLStatement("""
                SELECT \(SharedIntegrationSQL.selectList) FROM \(SharedSQL.integration)
                WHERE port = $1::bigint AND name <> $2::text AND status NOT IN ('deleted', 'disabled')
                ORDER BY id
                """, parameters: [String(port), name]),
        ])
        return try decode(action) { () throws(SharedRowError) in try SharedIntegrationSQL.records(answers[0]) }
    }

    // MARK: - Inside a transaction

    static func selectByID(_ id: Int64, locking: Bool) -> SQLStatement {
        SQLStatement("SELECT \(SharedIntegrationSQL.selectList) FROM \(SharedSQL.integration) WHERE id = $1::bigint"
                     + (locking ? " FOR UPDATE" : ""), parameters: [String(id)])
    }

    /// Begins the transaction (with the fence check) and reads the record, locked until commit.
    private static func fetchForUpdate(_ transaction: SharedTransaction, id: Int64) async throws -> IntegrationRecord {
        let answers = try await transaction.begin([selectByID(id, locking: true)])
        guard let record = try SharedIntegrationSQL.records(answers[0]).first else { throw StoreError.notFound(id: id) }
        return record
    }

    /// Writes `record` and commits, applying `change` and adding a transition row if it changes
    /// the status, and returns the record as stored.
    private static func save(
        _ transaction: SharedTransaction, _ record: IntegrationRecord, change: SharedStatusChange?, at now: Date
    ) async throws -> IntegrationRecord {
        var record = record
        record.updatedAt = now
        var statements: [SQLStatement] = []
        if let change, change.status != record.status {
            guard LifecycleGraph.allows(from: record.status, to: change.status) else {
                throw StoreError.illegalTransition(id: record.id, from: record.status, to: change.status)
            }
            statements.append(SQLStatement("""
                INSERT INTO \(SharedSQL.transition) (integration_id, from_status, to_status, reason, message, recorded_at)
                VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, \(SharedSQL.timestamp("$6")))
                """, parameters: [String(record.id), record.status.rawValue, change.status.rawValue, change.reason.rawValue,
                                  change.message, SharedSQL.parameter(now)]))
            record.status = change.status
            if change.status == .enabled { record.enabledAt = now }
        }
        statements.insert(try SharedIntegrationSQL.update(record), at: 0)
        let answers = try await transaction.commit(statements)
        guard let stored = try SharedIntegrationSQL.records(answers[0]).first else { throw StoreError.notFound(id: record.id) }
        return stored
    }

    /// Runs a decoding step, turning a column that cannot be read into `.invalidRecord`.
    func decode<T>(_ action: String, _ body: () throws(SharedRowError) -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw StoreError.shared(error, action: action, parameters: parameters, write: false, term: nil)
        }
    }
}

/// A requested status and why.
struct SharedStatusChange {
    let status: IntegrationStatus
    let reason: TransitionReason
    let message: String?
}
