import Foundation
import StewardSpec
import StewardWarehouse

/// How an ``IntegrationRecord`` is written to and read from `steward_integration`: the one list
/// of columns both directions follow, so that a column cannot be written and not read back.
enum SharedIntegrationSQL {
    private enum Kind {
        case text, uuid, json, integer, bigint, boolean, timestamp
    }

    /// Every column but `id`, in the order of ``parameters(_:)``.
    private static let columns: [(name: String, kind: Kind)] = [
        ("name", .text), ("uid", .uuid), ("status", .text), ("validation_results", .json),
        ("desired_config", .json), ("applied_config", .json), ("spec_digest", .text), ("applied_digest", .text),
        ("host", .text), ("port", .integer), ("database", .text), ("system_user_name", .text),
        ("impersonation_role", .text), ("auto_bootstrap", .boolean), ("deletion_policy", .text),
        ("credential_reference", .json), ("last_error", .text), ("spec_errors", .json), ("attempts", .bigint),
        ("next_attempt_at", .timestamp), ("created_at", .timestamp), ("updated_at", .timestamp), ("enabled_at", .timestamp),
    ]

    /// The value of parameter `$position` as the column's type.
    private static func placeholder(_ position: Int, _ kind: Kind) -> String {
        let parameter = "$\(position)"
        switch kind {
        case .text: return "\(parameter)::text"
        case .uuid: return "\(parameter)::uuid"
        case .json: return "\(parameter)::json"
        case .integer: return "\(parameter)::integer"
        case .bigint: return "\(parameter)::bigint"
        case .boolean: return "\(parameter)::boolean"
        case .timestamp: return SharedSQL.timestamp(parameter)
        }
    }

    /// The select list that ``record(_:)`` reads (dates as microseconds).
    static let selectList: String = (["id"] + columns.map { column in
        column.kind == .timestamp ? SharedSQL.micros(column.name, as: column.name) : column.name
    }).joined(separator: ", ")

    /// The values of every column but `id`, as text parameters `$1...`.
    static func parameters(_ record: IntegrationRecord) throws -> [String?] {
        [
            record.name, record.uid.uuidString.lowercased(), record.status.rawValue, try json(record.validationResults),
            record.desiredConfig, record.appliedConfig, record.specDigest, record.appliedDigest,
            record.host, String(record.port), record.database, record.systemUser,
            record.impersonationRole, record.autoBootstrap ? "true" : "false", record.deletionPolicy.rawValue,
            try json(record.credentialReference), record.lastError, try json(record.specErrors), String(record.attempts),
            SharedSQL.parameter(record.nextAttemptAt), SharedSQL.parameter(record.createdAt),
            SharedSQL.parameter(record.updatedAt), SharedSQL.parameter(record.enabledAt),
        ]
    }

    /// `INSERT` of a new record unless its name is taken, with its first transition row (from no
    /// status, at `created_at`; `reason` and `message` follow the record's parameters), returning
    /// the record as stored, or no row when the name is taken.
    static func insert(_ record: IntegrationRecord, reason: TransitionReason, message: String?) throws -> SQLStatement {
        let values = columns.enumerated().map { placeholder($0.offset + 1, $0.element.kind) }
        let reasonAt = columns.count + 1
        let text = """
            WITH inserted AS (
                INSERT INTO \(SharedSQL.integration) (\(columns.map(\.name).joined(separator: ", ")))
                VALUES (\(values.joined(separator: ", ")))
                ON CONFLICT (name) DO NOTHING
                RETURNING *
            ), first_transition AS (
                INSERT INTO \(SharedSQL.transition) (integration_id, from_status, to_status, reason, message, recorded_at)
                SELECT id, NULL, status, $\(reasonAt)::text, $\(reasonAt + 1)::text, created_at FROM inserted
            )
            SELECT \(selectList) FROM inserted
            """
        return SQLStatement(text, parameters: try parameters(record) + [reason.rawValue, message])
    }

    /// `UPDATE` of every column of the record with its id, returning it as stored.
    static func update(_ record: IntegrationRecord) throws -> SQLStatement {
        let assignments = columns.enumerated().map { "\($0.element.name) = \(placeholder($0.offset + 1, $0.element.kind))" }
        let text = """
            UPDATE \(SharedSQL.integration) SET \(assignments.joined(separator: ", "))
            WHERE id = $\(columns.count + 1)::bigint
            RETURNING \(selectList)
            """
        return SQLStatement(text, parameters: try parameters(record) + [String(record.id)])
    }

    /// The record a row of ``selectList`` holds.
    static func record(_ row: SharedRow) throws(SharedRowError) -> IntegrationRecord {
        let new = NewIntegration(
            name: try row.string("name"), uid: try row.uuid("uid"), status: try row.value("status", as: IntegrationStatus.self),
            host: try row.string("host"), port: try row.int("port"), database: try row.string("database"),
            systemUser: try row.string("system_user_name"), impersonationRole: try row.optionalString("impersonation_role"),
            autoBootstrap: try row.bool("auto_bootstrap"), deletionPolicy: try row.value("deletion_policy", as: DeletionPolicy.self),
            credentialReference: try row.json("credential_reference", as: CredentialReference.self),
            desiredConfig: try row.optionalString("desired_config"), specDigest: try row.optionalString("spec_digest"),
            specErrors: try row.json("spec_errors", as: [String].self), lastError: try row.optionalString("last_error"),
            validationResults: try row.json("validation_results", as: ValidationResults.self))
        var record = IntegrationRecord(id: try row.int64("id"), new, createdAt: try row.date("created_at"))
        record.appliedConfig = try row.optionalString("applied_config")
        record.appliedDigest = try row.optionalString("applied_digest")
        record.attempts = try row.int("attempts")
        record.nextAttemptAt = try row.optionalDate("next_attempt_at")
        record.updatedAt = try row.date("updated_at")
        record.enabledAt = try row.optionalDate("enabled_at")
        return record
    }

    /// The records of `result`, a query of ``selectList``.
    static func records(_ result: QueryResult) throws(SharedRowError) -> [IntegrationRecord] {
        var records: [IntegrationRecord] = []
        for row in SharedRow.all(result) { records.append(try record(row)) }
        return records
    }

    private static func json<T: Encodable>(_ value: T?) throws -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
