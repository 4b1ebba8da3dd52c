import Foundation
import StewardWarehouse

/// The fixed names and small SQL pieces of the shared store. Table names are constants, never
/// input; every value travels as a `$n` parameter.
///
/// Dates travel as whole microseconds since 1970 (`timestamptz` keeps microseconds): written
/// with ``timestamp(_:)`` and read with ``micros(_:as:)``, so a date read back is exactly the
/// one stored, whatever the session's time zone or `DateStyle`.
enum SharedSQL {
    static let integration = "steward_integration"
    static let transition = "steward_transition"
    static let ownedObject = "steward_owned_object"
    static let meta = "steward_meta"
    static let schemaMigration = "steward_schema_migration"
    static let leader = "steward_leader"
    static let member = "steward_member"
    static let memberSpec = "steward_member_spec"

    /// The SQLSTATE `steward_fence` raises when the writer's term is not the lease's current one.
    static let fencedSQLState = "SWF01"

    static let begin = SQLStatement("BEGIN")
    static let commit = SQLStatement("COMMIT")
    static let rollback = SQLStatement("ROLLBACK")

    /// The fence check: the first statement of every write transaction.
    static func fence(_ term: StoreWriter.Term) -> SQLStatement {
        SQLStatement("SELECT steward_fence($1::text, $2::bigint)", parameters: [term.holder, String(term.term)])
    }

    /// The `timestamptz` of the microseconds in parameter `placeholder` (NULL stays NULL).
    /// Whole seconds and the remaining microseconds are added separately so that no step goes
    /// through a floating-point value that could round.
    static func timestamp(_ placeholder: String) -> String {
        "(timestamptz 'epoch' + (\(placeholder)::bigint / 1000000) * interval '1 second' "
            + "+ (\(placeholder)::bigint % 1000000) * interval '1 microsecond')"
    }

    /// `expression` (a `timestamptz`) as whole microseconds since 1970, named `name`.
    static func micros(_ expression: String, as name: String) -> String {
        "(extract(epoch FROM \(expression)) * 1000000)::bigint AS \(name)"
    }

    /// A date as the microseconds parameter ``timestamp(_:)`` reads.
    static func parameter(_ date: Date?) -> String? {
        guard let date else { return nil }
        return String(Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// The date of microseconds read back.
    static func date(micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
