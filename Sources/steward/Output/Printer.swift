import Foundation
import StewardAPI
import StewardStore

/// Prints integrations as JSON (the API's shape) or as a table.
enum Printer {
    static let tableHeaders = ["NAME", "ID", "STATUS", "HOST", "AGE", "LAST ERROR"]

    /// An empty list, as `print` would show it.
    static func printEmpty(format: OutputFormat) {
        switch format {
        case .json: Swift.print("[]")
        case .table: Swift.print(Table(headers: tableHeaders).render())
        }
    }

    /// `store` tells where passwords sent to the HTTP API are kept (shown as `<REDACTED>`).
    static func print(_ records: [IntegrationRecord], format: OutputFormat, single: Bool, store: any StatusStoring) throws {
        switch format {
        case .json:
            let views = records.map { IntegrationView($0, requestSecrets: store.requestSecretsDirectory) }
            if single, let view = views.first {
                Swift.print(try IntegrationView.json(view))
            } else {
                Swift.print(try IntegrationView.json(views))
            }
        case .table:
            var table = Table(headers: tableHeaders)
            for record in records {
                let host = record.host.isEmpty ? "-" : "\(record.host):\(record.port)"
                let error = record.lastError.map { $0.count > 80 ? String($0.prefix(79)) + "…" : $0 } ?? ""
                table.rows.append([record.name, record.displayID, record.status.rawValue, host, Age.since(record.createdAt), error])
            }
            Swift.print(table.render())
        }
    }
}
