import Foundation
import StewardSpec
import StewardTestSupport
import Testing

/// What every login reads through every governed view, compared with ``AccessModel``, over
/// random specs applied with `steward apply` to the real PostgreSQL: after a case's first apply,
/// after each of two edits, and after drift injected by hand and repaired by the next apply.
///
/// Short form in every `swift test` (`STEWARD_MODEL_CASES`, default 30, about 30 s); the long form sets it,
/// e.g. `STEWARD_MODEL_CASES=10000`. The seed is printed; `STEWARD_MODEL_SEED` replays a run (a
/// failing case's own seed, with `STEWARD_MODEL_CASES=1`, replays just that case). One
/// database, integration and pool of logins serve every case; each case's tables live in a
/// schema of their own, dropped when the next case has replaced them.
@Suite struct AccessModelPropertyTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test func realLoginsReadWhatTheModelSays() async throws {
        let cases = Int(Self.environment["STEWARD_MODEL_CASES"] ?? "") ?? 30
        let seed = Self.environment["STEWARD_MODEL_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("MODEL-FIGURES start seed=\(seed) cases=\(cases)")
        let started = ContinuousClock.now
        let world = try await ModelWorld(logins: 5)
        var ran = 0
        var checks = 0
        var problems: [String] = []
        var tally = ModelCheck.Tally()
        do {
        for index in 0..<cases where problems.isEmpty {
            let caseSeed = seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            var generator = ModelGenerator(random: SeededRandom(seed: caseSeed), logins: world.logins)
            let schema = "c\(index)"
            let tables = generator.tables(schema: schema)
            try await world.create(tables, schema: schema)
            var rows: [String: [[String: String?]]] = [:]
            for table in tables { rows[table.name] = try await world.storedRows(table) }
            let check = ModelCheck(world: world, tables: tables, rows: rows, label: "case \(index) (seed \(caseSeed))")

            var governance = generator.governance(for: tables)
            problems += try await check.run(governance, tally: &tally, stage: "first apply")
            if index > 0 { try await world.execute(["DROP SCHEMA IF EXISTS \"c\(index - 1)\" CASCADE"]) }
            for edit in 1...2 where problems.isEmpty {
                let what = generator.edit(&governance, tables: tables)
                problems += try await check.run(governance, tally: &tally, stage: "edit \(edit) (\(what))")
            }
            if problems.isEmpty {
                let drift = generator.drift(governance, tables: tables, system: world.system)
                try await world.execute(drift.sql)
                problems += try await check.run(governance, tally: &tally, stage: "repair of drift (\(drift.what))")
            }
            ran += 1
            checks += 4
        }
        } catch {
            await world.cleanup()
            throw error
        }
        let elapsed = ContinuousClock.now - started
        print("MODEL-FIGURES seed=\(seed) cases=\(ran) applies=\(checks) logins=\(world.logins.count) "
            + "view-reads=\(tally.reads) rows-read=\(tally.rows) rows-with-masking=\(tally.masked) rows-filtered-out=\(tally.filtered) time=\(elapsed)")
        for problem in problems.prefix(5) {
            Issue.record(Comment(rawValue: problem + "\n  replay: STEWARD_MODEL_SEED=<the case's seed> STEWARD_MODEL_CASES=1"))
        }
        await world.cleanup()
    }
}
