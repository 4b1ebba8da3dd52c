import Foundation
import StewardWarehouse

/// A column of a shared-store row that could not be read back as the type it should hold.
struct SharedRowError: Error, Sendable {
    let column: String
}

/// One row of a query's answer, read by column name with the type the store expects.
struct SharedRow {
    let result: QueryResult
    let index: Int

    /// Every row of `result`.
    static func all(_ result: QueryResult) -> [SharedRow] {
        result.rows.indices.map { SharedRow(result: result, index: $0) }
    }

    /// The first row of `result`, if any.
    static func first(_ result: QueryResult) -> SharedRow? {
        result.rows.isEmpty ? nil : SharedRow(result: result, index: 0)
    }

    func optionalString(_ column: String) throws(SharedRowError) -> String? {
        guard result.columns.contains(column) else { throw SharedRowError(column: column) }
        return result.value(column, row: index)
    }

    func string(_ column: String) throws(SharedRowError) -> String {
        guard let value = try optionalString(column) else { throw SharedRowError(column: column) }
        return value
    }

    func optionalInt64(_ column: String) throws(SharedRowError) -> Int64? {
        guard let text = try optionalString(column) else { return nil }
        guard let value = Int64(text) else { throw SharedRowError(column: column) }
        return value
    }

    func int64(_ column: String) throws(SharedRowError) -> Int64 {
        guard let value = try optionalInt64(column) else { throw SharedRowError(column: column) }
        return value
    }

    func int(_ column: String) throws(SharedRowError) -> Int {
        guard let value = Int(exactly: try int64(column)) else { throw SharedRowError(column: column) }
        return value
    }

    func bool(_ column: String) throws(SharedRowError) -> Bool {
        switch try string(column) {
        case "t": return true
        case "f": return false
        default: throw SharedRowError(column: column)
        }
    }

    /// A date read as microseconds (``SharedSQL/micros(_:as:)``).
    func optionalDate(_ column: String) throws(SharedRowError) -> Date? {
        try optionalInt64(column).map(SharedSQL.date(micros:))
    }

    func date(_ column: String) throws(SharedRowError) -> Date {
        guard let value = try optionalDate(column) else { throw SharedRowError(column: column) }
        return value
    }

    func uuid(_ column: String) throws(SharedRowError) -> UUID {
        guard let value = UUID(uuidString: try string(column)) else { throw SharedRowError(column: column) }
        return value
    }

    /// A value of a raw-value enumeration.
    func value<T: RawRepresentable>(_ column: String, as type: T.Type) throws(SharedRowError) -> T where T.RawValue == String {
        guard let value = T(rawValue: try string(column)) else { throw SharedRowError(column: column) }
        return value
    }

    func optionalValue<T: RawRepresentable>(_ column: String, as type: T.Type) throws(SharedRowError) -> T? where T.RawValue == String {
        guard let text = try optionalString(column) else { return nil }
        guard let value = T(rawValue: text) else { throw SharedRowError(column: column) }
        return value
    }

    /// A JSON column decoded as `T`.
    func json<T: Decodable>(_ column: String, as type: T.Type) throws(SharedRowError) -> T? {
        guard let text = try optionalString(column) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw SharedRowError(column: column)
        }
    }
}
