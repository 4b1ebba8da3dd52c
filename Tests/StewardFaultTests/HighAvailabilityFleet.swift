import Foundation
import StewardTestSupport
import StewardWarehouse
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The servers of the high-availability tests, apart from every other suite's (they are stopped,
/// cut off and read back here).
enum HAServers {
    /// Where the daemons' shared status database lives (one fresh database and role per test).
    /// `synchronous_commit` is on: the harness turns it off for speed, and a crash of this server
    /// (test 3) would then lose commits — a lease or a term — the daemons were told had happened,
    /// which no real database does.
    static let store = TestPostgres(settings: [("synchronous_commit", "on")])
    /// The warehouse, logging every statement with the session's `application_name`
    /// (``StatementLog``), so that the log shows which integration a statement was sent for.
    static let warehouse = TestPostgres(settings: StatementLog.settings)
}

/// Three `steward run` daemons on one host standing for three hosts (`host-a`, `host-b`,
/// `host-c`): each with its own state directory, its own copy of the spec folder (deployed
/// identically by ``create(_:impersonation:)``, ``edit(_:using:)`` and ``delete(_:)``) and its
/// own config file naming one shared status database (``HAServers/store``, reached directly or
/// through a cuttable TCP proxy) and the same sealing key. The integrations are a
/// ``FaultFleet``'s, on ``HAServers/warehouse``, whose model says what the folders imply.
///
/// Not `Sendable`: one test's task owns it. ``with(size:prefix:lease:removalGrace:storeProxy:_:)``
/// always ends the daemons and the proxy and drops what the test made.
final class HAFleet {
    /// One host: its folder copy, state directory, config file and daemon (nil once killed).
    struct Member {
        let name: String
        let specs: String
        let state: String
        let config: String
        var daemon: DaemonProcess?
        /// Stopped with SIGSTOP and not yet continued.
        var frozen = false
    }

    /// The integrations and what every folder says of them.
    private(set) var model: FaultFleet
    private(set) var members: [Member] = []
    let store: TestPostgres.Server
    /// The shared database and the role that owns it (the daemons log in as that role).
    let storeDatabase: String
    /// The port the daemons' store URL names: the store's, or the proxy's in front of it.
    let storePort: Int
    let lease: String
    let removalGrace: String
    private(set) var proxy: pid_t?
    private var proxyStarts = 0

    var warehouse: TestPostgres.Server { model.server }
    /// What every integration name of this fleet starts with (``FaultFleet/name(_:)``).
    var namePrefix: String { model.tag.replacingOccurrences(of: "_", with: "-") + "-" }
    var dir: TemporaryDirectory { model.dir }

    private init(model: FaultFleet, store: TestPostgres.Server, storeDatabase: String, storePort: Int,
                 lease: String, removalGrace: String) {
        self.model = model
        self.store = store
        self.storeDatabase = storeDatabase
        self.storePort = storePort
        self.lease = lease
        self.removalGrace = removalGrace
    }

    static let memberNames = ["host-a", "host-b", "host-c"]

    /// Runs `body` with a started fleet (three daemons, one of them leading), then stops every
    /// process it started and drops the databases, roles and files the test made, whether
    /// `body` succeeded or not.
    static func with(size: Int, prefix: String, lease: String = "2s", removalGrace: String = "0s", storeProxy: Bool = false,
                     _ body: (HAFleet) async throws -> Void) async throws {
        let fleet = try await make(size: size, prefix: prefix, lease: lease, removalGrace: removalGrace, storeProxy: storeProxy)
        do {
            try await fleet.startAll()
            try await body(fleet)
        } catch {
            await fleet.tearDown()
            throw error
        }
        await fleet.tearDown()
    }

    private static func make(size: Int, prefix: String, lease: String, removalGrace: String,
                             storeProxy: Bool) async throws -> HAFleet {
        let warehouse = try await HAServers.warehouse.start()
        let store = try await HAServers.store.start()
        let model = try FaultFleet(server: warehouse, size: size, prefix: prefix)
        let database = model.tag + "_store"
        let password = "P" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try await Catalog.execute(store, "CREATE ROLE \(database) LOGIN PASSWORD '\(password)'")
        try await Catalog.execute(store, "CREATE DATABASE \(database) OWNER \(database)")
        let passwordFile = try privateFile(model.dir, "store-password", password + "\n")
        var key = [UInt8](repeating: 0, count: 32)
        for index in key.indices { key[index] = UInt8.random(in: 0...255) }
        let keyFile = try privateFile(model.dir, "store-secret-key", Data(key).base64EncodedString() + "\n")
        let port = storeProxy ? try TestPostgres.freePortForTests() : store.port
        let fleet = HAFleet(model: model, store: store, storeDatabase: database, storePort: port,
                            lease: lease, removalGrace: removalGrace)
        if storeProxy { try await fleet.startProxy() }
        for name in memberNames {
            let root = model.dir.file(name)
            let member = Member(name: name, specs: root + "/integrations.d", state: root + "/state", config: root + "/steward.yaml")
            try FileManager.default.createDirectory(atPath: member.specs, withIntermediateDirectories: true)
            // The same settings on every host but `member`; no password in the URL.
            let config = """
                specDir: \(member.specs)
                stateDir: \(member.state)
                logFormat: json
                logLevel: debug
                removalGrace: \(removalGrace)
                store:
                  url: postgresql://\(database)@127.0.0.1:\(port)/\(database)?sslmode=disable
                  passwordFile: \(passwordFile)
                  secretKeyFile: \(keyFile)
                  member: \(name)
                  lease: \(lease)
                """
            try config.write(toFile: member.config, atomically: false, encoding: .utf8)
            fleet.members.append(member)
        }
        return fleet
    }

    /// A file only its owner may read (0600), as the daemon wants its secrets.
    private static func privateFile(_ dir: TemporaryDirectory, _ name: String, _ text: String) throws -> String {
        let path = try dir.write(name, text)
        guard chmod(path, 0o600) == 0 else { throw TestSupportError("chmod \(path) failed") }
        return path
    }

    // MARK: - Daemons

    /// Starts every daemon and waits until each has sent a heartbeat and one of them leads.
    func startAll() async throws {
        for index in members.indices { try start(index) }
        try await waitUntil(timeout: .seconds(90)) {
            // A daemon that refused its config is said at once, with its log, not after the deadline.
            for member in members {
                if let daemon = member.daemon, !Self.isAlive(daemon.pid) {
                    throw TestSupportError("\(member.name) exited while starting:\n\(daemon.log.suffix(3000))")
                }
            }
            // Until the first daemon has migrated the database, there is no table to read.
            return (try? await heartbeatsSince(nil))?.count == members.count
        }
        _ = try await waitForLeader()
    }

    /// Starts (or starts again, after a kill) the daemon of member `index`; its log file gets
    /// the new daemon's lines after the old one's.
    func start(_ index: Int) throws {
        precondition(members[index].daemon == nil, "\(members[index].name) is already running")
        let member = members[index]
        members[index].daemon = try DaemonProcess(
            specDirectory: member.specs, stateDirectory: member.state,
            extraArguments: ["--removal-grace", removalGrace, "--log-format", "json"], configFile: member.config)
        members[index].frozen = false
    }

    /// `kill -9` of member `index`'s daemon; returns when it is gone (the moment of the kill).
    @discardableResult
    func kill9(_ index: Int) async throws -> Date {
        guard let daemon = members[index].daemon else { throw TestSupportError("\(members[index].name) is not running") }
        let killed = Date()
        daemon.signal(SIGKILL)
        let status = try await daemon.wait()
        #expect(status == 128 + SIGKILL, "\(members[index].name) exited with \(status) before the kill:\n\(daemon.log.suffix(3000))")
        members[index].daemon = nil
        members[index].frozen = false
        return killed
    }

    func sigstop(_ index: Int) {
        members[index].daemon?.signal(SIGSTOP)
        members[index].frozen = true
    }

    func sigcont(_ index: Int) {
        members[index].daemon?.signal(SIGCONT)
        members[index].frozen = false
    }

    /// Members whose daemon runs (not killed, not frozen).
    var running: [Int] { members.indices.filter { members[$0].daemon != nil && !members[$0].frozen } }

    /// Records an issue for every daemon that should be running and has exited by itself.
    func expectAllAlive(_ moment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for member in members {
            guard let daemon = member.daemon else { continue }
            #expect(Self.isAlive(daemon.pid), "\(member.name) exited by itself (\(moment)):\n\(daemon.log.suffix(3000))",
                    sourceLocation: sourceLocation)
        }
    }

    /// Whether `pid` runs (a zombie, exited but not yet waited for, does not); never reaps it.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.range(of: ")", options: .backwards) else { return false }
        let state = stat[close.upperBound...].drop { $0 == " " }.first
        return state != nil && state != "Z" && state != "X"
    }

    /// Stops every daemon with SIGTERM (continuing a frozen one first) and returns their exit statuses.
    func stopAll() async throws -> [String: Int32] {
        var statuses: [String: Int32] = [:]
        for index in members.indices {
            guard let daemon = members[index].daemon else { continue }
            if members[index].frozen { sigcont(index) }
            statuses[members[index].name] = try await daemon.stop()
            members[index].daemon = nil
        }
        return statuses
    }

    /// Ends what the test started and drops what it made. Never part of the assertions.
    private func tearDown() async {
        for index in members.indices {
            guard let daemon = members[index].daemon else { continue }
            daemon.signal(SIGKILL)
            _ = try? await daemon.wait()
            members[index].daemon = nil
        }
        stopProxy()
        // A test that failed during a store outage must not leave the server down for the next.
        if (try? await Catalog.query(store, "SELECT 1")) == nil { try? TestPostgres.startServer(store) }
        try? await Catalog.execute(store, "DROP DATABASE IF EXISTS \(storeDatabase) WITH (FORCE)")
        try? await Catalog.execute(store, "DROP ROLE IF EXISTS \(storeDatabase)")
        // The model's scrub drops the warehouse's leftovers and removes the folder (unless
        // STEWARD_FAULT_KEEP=1, which keeps the daemons' logs, state and folders).
        await model.scrub()
    }

    // MARK: - The store's proxy

    /// Starts `tcp_proxy.py` on ``storePort`` in front of the store and waits until it listens.
    func startProxy() async throws {
        precondition(proxy == nil, "the proxy is already running")
        proxyStarts += 1
        let output = dir.file("store-proxy-\(proxyStarts).log")
        let pid = try DaemonProcess.spawnHelper("/usr/bin/env", [
            "python3", FixtureProcess.fixturePath("tcp_proxy.py"), String(storePort), String(store.port),
        ], output: output)
        proxy = pid
        try await waitUntil { (try? String(contentsOfFile: output, encoding: .utf8))?.contains("listening") == true }
    }

    /// `kill -9` of the proxy: every store connection is reset and new ones are refused.
    func stopProxy() {
        guard let pid = proxy else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        proxy = nil
    }

    /// Signals the proxy (SIGSTOP freezes every store connection without closing it).
    func signalProxy(_ signal: Int32) {
        if let proxy { kill(proxy, signal) }
    }

    // MARK: - The folders

    /// Writes the file of integration `index` into every host's folder.
    func create(_ index: Int, impersonation: Bool) throws {
        try model.create(index, impersonation: impersonation)
        try mirror(index)
    }

    func edit(_ index: Int, using random: inout SeededRandom) throws {
        try model.edit(index, using: &random)
        try mirror(index)
    }

    /// Removes the file of integration `index` from every host's folder.
    func delete(_ index: Int) throws {
        try model.delete(index)
        for member in members { try FaultFleet.removeFile(specs: member.specs, name: model.name(index)) }
    }

    func deleteAll() throws {
        for index in 0..<model.size where model.desired[index] != nil { try delete(index) }
    }

    /// Writes `text` as the file of integration `index` into `member`'s folder only: what one
    /// host alone would act on. The model (what the hosts agree on) does not change.
    func writeOnly(_ member: Int, _ index: Int, text: String) throws {
        try FaultFleet.writeFile(specs: members[member].specs, name: model.name(index), text: text)
    }

    /// Puts `member`'s file of integration `index` back as every other host has it (or removes it).
    func restoreFolder(_ member: Int, _ index: Int) throws {
        if let wanted = model.desired[index] {
            try FaultFleet.writeFile(specs: members[member].specs, name: model.name(index), text: model.specText(index, wanted))
        } else if FileManager.default.fileExists(atPath: members[member].specs + "/\(model.name(index)).yaml") {
            try FaultFleet.removeFile(specs: members[member].specs, name: model.name(index))
        }
    }

    private func mirror(_ index: Int) throws {
        guard let wanted = model.desired[index] else { return }
        let text = model.specText(index, wanted)
        for member in members { try FaultFleet.writeFile(specs: member.specs, name: model.name(index), text: text) }
    }

    // MARK: - The store, read directly

    /// A query on the shared database as the store server's superuser (directly, never
    /// through the proxy).
    func storeQuery(_ sql: String, _ parameters: [String?] = []) async throws -> QueryResult {
        try await Catalog.query(store, sql, parameters, database: storeDatabase)
    }

    /// The lease as `steward_leader` holds it, with whether it is live by the database's clock.
    struct LeaseRow {
        var holder: String?
        var term: Int64
        var live: Bool
    }

    func leaseRow() async throws -> LeaseRow? {
        let row = try await storeQuery(
            "SELECT holder, term, coalesce(expires_at > now(), false) AS live FROM steward_leader WHERE id = 1")
        guard !row.isEmpty, let term = row.value("term").flatMap(Int64.init) else { return nil }
        return LeaseRow(holder: row.value("holder"), term: term, live: row.bool("live"))
    }

    /// The member that holds a live lease now, and its term; nil when nobody leads.
    func leader() async throws -> (member: Int, term: Int64)? {
        guard let lease = try await leaseRow(), lease.live, let holder = lease.holder else { return nil }
        guard let member = member(holding: holder) else {
            throw TestSupportError("the lease's holder \(holder) names none of \(members.map(\.name))")
        }
        return (member, lease.term)
    }

    /// The member a lease holder (or a heartbeat's host) names: the holder is the member's name, or contains it as a
    /// word (a holder naming one process instance, such as `host-a/4242/…`, does).
    func member(holding holder: String) -> Int? {
        let words = Set(holder.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init))
        return members.firstIndex { holder == $0.name || words.contains($0.name) }
    }

    /// Waits until a member other than `excluded` holds a live lease in a term above `term`.
    /// The deadline allows for a writer frozen inside a transaction, whose lock on the lease row
    /// the server releases after `idle_in_transaction_session_timeout` (60 s).
    @discardableResult
    func waitForLeader(excluding excluded: Int? = nil, above term: Int64 = 0, timeout: Duration = .seconds(120),
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> (member: Int, term: Int64) {
        let deadline = ContinuousClock.now + timeout
        var last: LeaseRow?
        while ContinuousClock.now < deadline {
            if let found = try? await leader(), found.member != excluded, found.term > term { return found }
            last = try? await leaseRow()
            try await Task.sleep(for: .milliseconds(50))
        }
        let logs = members.map { "\($0.name):\n\($0.daemon?.log.suffix(1500) ?? "(not running)")" }.joined(separator: "\n")
        let who = excluded.map { members[$0].name } ?? "-"
        Issue.record("no new leader (other than \(who), above term \(term)) within \(timeout); lease: \(String(describing: last))\n\(logs)",
                     sourceLocation: sourceLocation)
        throw TestSupportError("no new leader")
    }

    /// The names of the members whose heartbeat (`steward_member.last_heartbeat`) is later than
    /// `moment`, a time on the store's clock (`now()::text`), or than a minute ago when nil.
    func heartbeatsSince(_ moment: String?) async throws -> Set<String> {
        let answer = try await storeQuery(
            "SELECT host FROM steward_member WHERE last_heartbeat > coalesce($1::timestamptz, now() - interval '1 minute')",
            [moment])
        return Set(Invariants.column("host", answer).compactMap { member(holding: $0).map { members[$0].name } })
    }

    /// The store's clock now, as text for ``heartbeatsSince(_:)``.
    func storeNow() async throws -> String {
        try await storeQuery("SELECT now()::text AS now").value("now") ?? ""
    }

    /// The highest transition id so far (0 when none).
    func lastTransitionID() async throws -> Int64 {
        Int64(try await storeQuery("SELECT coalesce(max(id), 0) AS id FROM steward_transition").value("id") ?? "0") ?? 0
    }

    /// The first transition recorded after id `after`, with its time (the writer's clock, which
    /// is this host's), if any.
    func firstTransition(after id: Int64) async throws -> Date? {
        let answer = try await storeQuery("""
            SELECT (extract(epoch FROM recorded_at) * 1000000)::bigint AS at FROM steward_transition
            WHERE id > $1::bigint ORDER BY id LIMIT 1
            """, [String(id)])
        return answer.value("at").flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1_000_000) }
    }

    /// Whether some of this fleet's integrations has one of `statuses` in the store.
    func anyIntegration(in statuses: [String]) async throws -> Bool {
        let answer = try await storeQuery(
            "SELECT count(*) AS n FROM steward_integration WHERE starts_with(name, $1) AND status = ANY($2::text[])",
            [namePrefix, "{" + statuses.joined(separator: ",") + "}"])
        return (Int(answer.value("n") ?? "0") ?? 0) > 0
    }

    // MARK: - Logs

    /// How many bytes member `index`'s log holds now (events after it: ``events(_:since:)``).
    func logOffset(_ index: Int) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: members[index].state + ".log")[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The `steward.event` values member `index` logged after byte `offset` of its log (JSON
    /// lines; `steward.event=NAME` in text lines too).
    func events(_ index: Int, since offset: Int = 0) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: members[index].state + ".log") else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd() else { return [] }
        var events: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let metadata = object["metadata"] as? [String: Any], let event = metadata["steward.event"] as? String {
                events.append(event)
            } else if let range = line.range(of: "steward.event=") {
                events.append(String(line[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" }))
            }
        }
        return events
    }
}
