import Foundation
import StewardSpec
import StewardWarehouse

/// The fixed names and small SQL pieces of the shared store. Table names are constants, never
/// input; every value travels as a `$n` parameter.
///
/// Dates travel as whole microseconds since 1970 (`timestamptz` keeps microseconds): written
/// with ``timestamp(_:)`` and read with ``micros(_:as:)``, so a date read back is exactly the
/// one stored, whatever the session's time zone or `DateStyle`.
///
/// Bytes (`bytea`) travel as lower-case hex text: written through `decode($n::text, 'hex')`
/// with ``hex(_:)`` and read as `encode(column, 'hex')` with ``bytes(hex:)``, so they never
/// depend on `bytea_output` or on the escaping of a literal.
enum SharedSQL {
    static let integration = "steward_integration"
    static let transition = "steward_transition"
    static let ownedObject = "steward_owned_object"
    static let meta = "steward_meta"
    static let schemaMigration = "steward_schema_migration"
    static let leader = "steward_leader"
    static let member = "steward_member"
    static let memberSpec = "steward_member_spec"
    static let secret = "steward_secret"

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

    /// `bytes` as lower-case hex digits, for `decode($n::text, 'hex')`.
    static func hex(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }

    /// The bytes of hex digits read back from `encode(column, 'hex')`, or nil if `text` is not
    /// an even number of hex digits.
    static func bytes(hex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
