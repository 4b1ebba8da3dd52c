import Foundation
import StewardSpec
import StewardTestSupport
import StewardWarehouse

/// One comparison of real logins with the model: apply a governance, then read every view as
/// every login of the pool, and as an impersonator becoming each of them, and compare with what
/// ``AccessModel`` says each must read.
struct ModelCheck {
    let world: ModelWorld
    let tables: [ModelTable]
    /// Each table's stored rows, by table name.
    let rows: [String: [[String: String?]]]
    /// `case N (seed S)`, for messages.
    let label: String

    /// How much a run compared: views read, rows read, masked values among them.
    struct Tally: Sendable {
        var reads = 0
        var rows = 0
        var masked = 0
        var filtered = 0
    }

    /// What went wrong, one entry per mismatch, each with the case, the expected and the actual.
    func run(_ governance: Governance, tally: inout Tally, stage: String) async throws -> [String] {
        let applied = try world.apply(governance)
        guard applied.status == "enabled" else {
            return ["\(label), \(stage): steward apply ended \(applied.status ?? "without a status"): \(applied.lastError ?? "")\n"
                + "stderr: \(applied.stderr.suffix(2000))\n\(Self.json(governance))"]
        }
        let model = AccessModel(governance)
        var problems: [String] = []
        for login in world.logins {
            let connection = try await world.login(login)
            defer { connection.close() }
            problems += try await compare(connection, seeing: login, as: login, model, governance, tally: &tally, stage: stage)
            for source in governance.dataSources where model.user(login) != nil {
                guard let table = tables.first(where: { $0.name == source.table.table }) else { continue }
                if (try? await connection.query("SELECT 1 FROM \(table.qualified) LIMIT 0")) != nil {
                    problems.append("\(label), \(stage): mapped login \(login) reads \(table.qualified) directly\n\(Self.json(governance))")
                }
            }
        }
        // A member of the impersonation role, on one session, becomes each login in turn and must
        // read exactly what that login reads; then stops impersonating and reads nothing (it is
        // not mapped).
        try await world.execute(["GRANT \"\(world.impersonationRole)\" TO \"\(world.impersonator)\""])
        let impersonator = try await world.login(world.impersonator)
        defer { impersonator.close() }
        for login in world.logins {
            try await impersonator.query("SELECT immuta_procedures.impersonate_user($1)", [login])
            problems += try await compare(impersonator, seeing: login, as: "\(world.impersonator) impersonating \(login)", model, governance,
                                          tally: &tally, stage: stage)
        }
        try await impersonator.query("SELECT immuta_procedures.impersonate_user(NULL)")
        problems += try await compare(impersonator, seeing: world.impersonator, as: world.impersonator, model, governance, tally: &tally, stage: stage)
        return problems
    }

    /// Reads every governed view on `connection` and compares with what the model says `user`
    /// must read. `reader` names who is really reading, for messages.
    func compare(_ connection: PGConnection, seeing user: String, as reader: String, _ model: AccessModel, _ governance: Governance,
                 tally: inout Tally, stage: String) async throws -> [String] {
        var problems: [String] = []
        for source in governance.dataSources {
            guard let table = tables.first(where: { $0.name == source.table.table }) else { continue }
            let columns = table.columnNames
            guard let access = model.access(for: user, tableColumns: [source.name: columns]).dataSource(source.name) else { continue }
            let expected = try access.visibleRows(rows[table.name] ?? []).map { row in columns.map { row[$0] ?? nil } }
            let select = "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM \"\(source.schema)\".\"\(source.view)\""
            let actual: [[String?]]
            do {
                actual = try await connection.query(select).rows
            } catch {
                problems.append(mismatch(stage, reader, source, access, expected: "\(Self.text(expected))", actual: "error: \(error)", governance))
                continue
            }
            tally.reads += 1
            tally.rows += actual.count
            tally.masked += access.columns.contains(where: \.isMasked) ? actual.count : 0
            tally.filtered += access.subscription.subscribed ? (rows[table.name]?.count ?? 0) - expected.count : 0
            if Self.sorted(expected) != Self.sorted(actual) {
                problems.append(mismatch(stage, reader, source, access, expected: Self.text(expected), actual: Self.text(actual), governance))
            }
        }
        return problems
    }

    func mismatch(_ stage: String, _ login: String, _ source: DataSource, _ access: DataSourceAccess,
                  expected: String, actual: String, _ governance: Governance) -> String {
        let user = world.logins.firstIndex(of: login).map { "login \($0)" } ?? login
        let why = ([access.subscription.reason] + access.rowFilters.map(\.reason) + access.columns.filter { $0.policy != nil }.map { "\($0.column): \($0.reason)" })
            .joined(separator: "; ")
        return "\(label), \(stage): \(user) (\(login)) reading \(source.name) (\(source.schema).\(source.view))\n"
            + "  expected: \(expected)\n  actual:   \(actual)\n  model: \(why)\n  spec: \(Self.json(governance))"
    }

    static func sorted(_ rows: [[String?]]) -> [String] {
        rows.map { $0.map { $0 ?? "␀" }.joined(separator: "\u{1}") }.sorted()
    }

    static func text(_ rows: [[String?]]) -> String {
        "[" + rows.map { "(" + $0.map { $0.map { "'\($0)'" } ?? "NULL" }.joined(separator: ", ") + ")" }.joined(separator: " ") + "]"
    }

    static func json(_ governance: Governance) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(governance)).map { String(decoding: $0, as: UTF8.self) } ?? "\(governance)"
    }
}
