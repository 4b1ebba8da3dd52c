import Foundation
import StewardTestSupport
import Testing

/// The daemon against the hostile-input corpus (`Tests/Fixtures/hostile` and the files made at
/// run time by `HostileCorpus`): every file gets a recorded error naming the file, the field and
/// a fix, or is ignored by its name; the daemon stays up, keeps answering `steward get`, keeps
/// its memory bounded, and a valid spec dropped in with the corpus still becomes `enabled`.
@Suite struct HostileCorpusTests {
    /// Generous bounds that only a hang or a leak would break (the figures are printed).
    static let answerGuard = Duration.seconds(30)
    static let peakResidentLimitKiB = 300 * 1024

    @Test func theDaemonRecordsAnErrorForEveryHostileFileAndKeepsWorking() async throws {
        let server = try await TestPostgres.shared.start()
        let dir = try TemporaryDirectory("steward-hostile")
        defer { dir.remove() }
        let specs = dir.file("integrations.d"), scratch = dir.file("outside"), state = dir.file("state")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let daemon = try DaemonProcess(specDirectory: specs, stateDirectory: state)
        try await waitUntil { daemon.log.contains("steward.event=ready") }

        // One valid spec among the corpus must still converge.
        let valid = TestNames.unique("valid").replacingOccurrences(of: "_", with: "-")
        let database = "db_" + valid.replacingOccurrences(of: "-", with: "_")
        let passwordFile = try dir.write("admin-password", server.password.unredacted)
        try put(specs, valid, """
            type: Redshift
            autoBootstrap: true
            config: {host: \(server.host), port: \(server.port), database: \(database), initialDatabase: postgres,
                     username: \(server.superuser), passwordFile: \(passwordFile), sslMode: disable, connectTimeout: 5}
            """)

        var corpus = HostileCorpus(outsideSecret: "OutsideSecret-\(UUID().uuidString)")
        let clock = ContinuousClock()
        let dropped = clock.now
        try corpus.install(into: specs, scratch: scratch)
        let expected = corpus.entries
        let errorNames = Set(expected.filter { if case .error = $0.outcome { true } else { false } }.map(\.integrationName))
        #expect(expected.count >= 100)

        // While the daemon works through it: `get` answers, the process lives, until every file has its error.
        var latencies: [Duration] = []
        var records: [String: [String: Any]] = [:]
        while true {
            #expect(isAlive(daemon.pid), "the daemon exited:\n\(daemon.log.suffix(3000))")
            let get = try await Subprocess.run(Subprocess.stewardPath, ["get", valid, "--state-dir", state], timeout: Self.answerGuard)
            latencies.append(get.duration)
            records = try list(state)
            let settled = errorNames.allSatisfy { name in records[name]?["status"] as? String == "createError" }
            if settled && records[valid]?["status"] as? String == "enabled" { break }
            if clock.now - dropped > .seconds(180) {
                let missing = errorNames.filter { records[$0]?["status"] as? String != "createError" }.sorted()
                Issue.record("not settled after 180 s; missing: \(missing.prefix(20)); valid: \(String(describing: records[valid]?["status"]))")
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let settledAfter = clock.now - dropped

        // A rescan with the corpus in place (names that break the rule are logged then).
        daemon.signal(SIGHUP)
        try await waitUntil { daemon.log.contains("steward.event=file-ignored") && daemon.log.contains("steward.reason=reload") }
        try await Task.sleep(for: .milliseconds(300))
        records = try list(state)
        #expect(isAlive(daemon.pid))

        for entry in expected {
            check(entry, records: records, specs: specs)
        }
        let invalidNames = expected.filter { $0.outcome == .invalidName }.count
        let log = daemon.log
        #expect(log.components(separatedBy: "steward.event=file-ignored").count - 1 >= invalidNames)
        #expect(log.contains("steward.file=Upper.yaml"))
        #expect(!log.split(separator: "\n").contains { $0.hasPrefix("2099-01-01") }, "a file name forged a log line")
        #expect(Set(records.keys) == errorNames.union([valid]), "unexpected records: \(Set(records.keys).subtracting(errorNames.union([valid])).sorted())")

        // Secrets in the corpus never show: not in records, not in the log, not in the state directory.
        let listing = try Subprocess.steward(["list", "--state-dir", state, "--output", "table"]).stdout
            + (try Subprocess.steward(["list", "--state-dir", state]).stdout)
        for secret in [HostileCorpus.committedCanary, corpus.outsideSecret] {
            #expect(!listing.contains(secret), "\(secret) in steward list")
            #expect(!log.contains(secret), "\(secret) in the daemon log")
            for (path, data) in TemporaryDirectory(existingPath: state).allFileContents() {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(secret) in \(path)")
            }
        }

        let peak = ProcFiles.peakResidentKiB(pid: daemon.pid) ?? Int.max
        #expect(peak < Self.peakResidentLimitKiB, "peak RSS \(peak) KiB")
        #expect(try await daemon.stop() == 0)
        print(Self.report(files: expected.count, settled: settledAfter, latencies: latencies, peakKiB: peak))

        try await Catalog.execute(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE IF EXISTS steward_\(valid.replacingOccurrences(of: "-", with: "_"))")
    }

    /// One corpus entry against the records: an error that names the file, the field and a fix,
    /// or no record at all.
    func check(_ entry: HostileCorpus.Entry, records: [String: [String: Any]], specs: String) {
        let record = records[entry.integrationName]
        guard case .error(let text) = entry.outcome else {
            #expect(record == nil, "\(entry.fileName.debugDescription) (\(entry.category)) got a record")
            return
        }
        let file = entry.errorFile ?? specs + "/" + entry.fileName
        guard let record else {
            Issue.record("\(entry.fileName) (\(entry.category)): no record")
            return
        }
        let lines = record["specErrors"] as? [String] ?? []
        let context = "\(entry.fileName) (\(entry.category)): \(lines)"
        #expect(record["status"] as? String == "createError", "\(context)")
        #expect(!lines.isEmpty, "\(context)")
        #expect((record["lastError"] as? String)?.hasPrefix(file) == true, "\(context)")
        for line in lines {
            #expect(line.hasPrefix(file + ":"), "the error does not name the file: \(context)")
            #expect(line.contains(" — "), "the error has no fix: \(context)")
            #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format },
                    "hidden characters: \(context)")
        }
        #expect(text.isEmpty || lines.contains { $0.dropFirst(file.count).contains(text) }, "expected \(text.debugDescription): \(context)")
    }

    func list(_ state: String) throws -> [String: [String: Any]] {
        let result = try Subprocess.steward(["list", "--state-dir", state])
        let all = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        return Dictionary(all.compactMap { view in (view["name"] as? String).map { ($0, view) } }, uniquingKeysWith: { first, _ in first })
    }

    func put(_ specs: String, _ name: String, _ text: String) throws {
        let temp = specs + "/.\(name).yaml.tmp"
        try text.write(toFile: temp, atomically: false, encoding: .utf8)
        guard rename(temp, specs + "/\(name).yaml") == 0 else { throw TestSupportError("rename failed") }
    }

    func isAlive(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    static func report(files: Int, settled: Duration, latencies: [Duration], peakKiB: Int) -> String {
        let sorted = latencies.sorted()
        let median = sorted.isEmpty ? .zero : sorted[sorted.count / 2]
        func ms(_ duration: Duration) -> String { String(format: "%.0f ms", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000) }
        return "hostile corpus: \(files) files settled in \(ms(settled)); steward get while processing: \(sorted.count) calls, "
            + "median \(ms(median)), max \(ms(sorted.last ?? .zero)); daemon peak RSS (VmHWM) \(peakKiB / 1024) MiB"
    }
}
