import Foundation
import GRDB
import StewardWarehouse

extension StoreError {
    /// A one-line summary of an underlying error that never contains statement arguments.
    ///
    /// GRDB's own descriptions include the SQL text, and some (row decoding errors) the row's
    /// values; neither belongs in a log line, so only codes and SQLite's message are printed.
    static func summary(of error: any Error) -> String {
        switch error {
        case let error as DatabaseError:
            let text = error.message.map { ": \($0)" } ?? ""
            return "SQLite error \(error.extendedResultCode.rawValue)\(text)"
        case let error as POSIXError:
            return "errno \(error.code.rawValue): \(String(cString: strerror(error.code.rawValue)))"
        case let error as StoreError:
            return error.description
        case let error as WarehouseError:
            // Scrubbed of the password by the libpq layer; the statement and its values are left out.
            let state = error.sqlState.map { " \($0)" } ?? ""
            return "PostgreSQL error\(state): \(error.message)"
        case let error as DecodingError:
            return "cannot decode \(Self.codingPath(of: error))"
        default:
            return String(describing: type(of: error))
        }
    }

    private static func codingPath(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context),
             .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        let joined = path.map(\.stringValue).joined(separator: ".")
        return joined.isEmpty ? "a stored value" : joined
    }
}
