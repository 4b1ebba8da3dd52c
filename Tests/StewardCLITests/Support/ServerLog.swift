import Foundation
import StewardTestSupport

/// The JSON log (`log_destination=jsonlog`) of a test PostgreSQL that logs every statement and
/// connection: one JSON object per line, so hostile names with quotes or line breaks cannot
/// blur where an entry starts or what it says.
struct ServerLog {
    struct Entry {
        var pid: Int
        var user: String?
        var database: String?
        var severity: String
        var message: String
        var detail: String?
        var backendType: String?

        /// The SQL text of a logged statement (`statement: …` for the simple protocol,
        /// `execute <unnamed>: …` for `PQexecParams`), or nil for other entries.
        var statement: String? {
            if message.hasPrefix("statement: ") { return String(message.dropFirst("statement: ".count)) }
            guard message.hasPrefix("execute "), let colon = message.range(of: ": ") else { return nil }
            return String(message[colon.upperBound...])
        }

        /// Work a client asked for: statements, connections, errors. (Not the checkpointer.)
        var isFromAClient: Bool {
            backendType == "client backend" || message.hasPrefix("connection received")
        }
    }

    /// The settings that make a server write this log (relative to its data directory; with
    /// jsonlog the server writes `statements.json` for `statements.log`).
    static let settings: [(name: String, value: String)] = [
        ("logging_collector", "on"), ("log_destination", "jsonlog"), ("log_directory", "log"),
        ("log_filename", "statements.log"), ("log_rotation_age", "0"), ("log_rotation_size", "0"),
        ("log_statement", "all"), ("log_connections", "on"),
    ]

    let path: String

    init(server: TestPostgres.Server) throws {
        guard let data = server.dataDirectory else { throw TestSupportError("the statement log needs a server started here") }
        path = data + "/log/statements.json"
    }

    /// Every entry written so far.
    func entries() -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
            return Entry(pid: object["pid"] as? Int ?? 0, user: object["user"] as? String, database: object["dbname"] as? String,
                         severity: object["error_severity"] as? String ?? "", message: object["message"] as? String ?? "",
                         detail: object["detail"] as? String, backendType: object["backend_type"] as? String)
        }
    }

    /// Runs a marker statement and waits until the log holds it (the collector writes
    /// asynchronously): everything logged before is then in the file. Returns the marker's
    /// position and the pid of its connection.
    func mark(_ server: TestPostgres.Server) async throws -> (index: Int, pid: Int) {
        let marker = "steward-log-mark-\(UUID().uuidString)"
        try await Catalog.execute(server, "SELECT '\(marker)'")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let all = entries()
            if let index = all.firstIndex(where: { $0.statement?.contains(marker) == true }) {
                return (index, all[index].pid)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("the marker never reached \(path)")
    }

    /// The client entries between two marks, without the second mark's own connection.
    func between(_ start: (index: Int, pid: Int), _ end: (index: Int, pid: Int)) -> [Entry] {
        let all = entries()
        guard start.index + 1 <= end.index, end.index < all.count else { return [] }
        return all[(start.index + 1)...end.index].filter { $0.isFromAClient && $0.pid != end.pid && $0.pid != start.pid }
    }
}
