import Foundation
import StewardTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A fleet of integrations on one server for fault tests: their spec files, the daemon that
/// watches them, and a model of what the files say, from which the invariants follow.
///
/// Integration `i` is `<tag>-<i>` on loopback address `i + 1`, with database `<tag>_db_<i>`; its
/// impersonation role, when on, is `<tag>_imp_<i>_v<variant>` (an edit picks a new variant, so
/// the old role must be renamed or dropped, never left behind).
struct FaultFleet {
    /// What the file of one integration says; nil in `desired` means it has no file.
    struct Desired: Equatable {
        var impersonation: Int?
    }

    let server: TestPostgres.Server
    let dir: TemporaryDirectory
    let specs: String
    var state: String
    let passwordFile: String
    let tag: String
    let size: Int
    /// The port the specs name: the server's, or a proxy's in front of it.
    var port: Int
    private(set) var desired: [Desired?]
    /// Integrations that ever had a file (and so may have a record).
    private(set) var seen: Set<Int> = []
    /// File writes, edits and removals made so far.
    private(set) var changes = 0
    private var nextVariant = 1

    init(server: TestPostgres.Server, size: Int, prefix: String) throws {
        precondition(size <= TestPostgres.loopbackHosts.count, "one loopback address per integration")
        self.server = server
        self.size = size
        port = server.port
        tag = TestNames.unique(prefix)
        dir = try TemporaryDirectory("steward-fault")
        specs = dir.file("integrations.d")
        state = dir.file("state")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        passwordFile = try dir.write("admin-password", server.password.unredacted + "\n")
        desired = Array(repeating: nil, count: size)
    }

    func name(_ index: Int) -> String { "\(tag.replacingOccurrences(of: "_", with: "-"))-\(index)" }
    func database(_ index: Int) -> String { "\(tag)_db_\(index)" }
    func systemAccount(_ index: Int) -> String { "steward_" + name(index).replacingOccurrences(of: "-", with: "_") }
    func impersonationRole(_ index: Int, variant: Int) -> String { "\(tag)_imp_\(index)_v\(variant)" }
    func host(_ index: Int) -> String { TestPostgres.loopbackHosts[index] }

    func specText(_ index: Int, _ wanted: Desired) -> String {
        let impersonation = wanted.impersonation.map { "{enabled: true, role: \(impersonationRole(index, variant: $0))}" }
            ?? "{enabled: false}"
        return """
            type: Redshift
            autoBootstrap: true
            config:
              host: \(host(index))
              port: \(port)
              database: \(database(index))
              initialDatabase: postgres
              impersonation: \(impersonation)
              username: \(server.superuser)
              passwordFile: \(passwordFile)
              sslMode: disable
              connectTimeout: 3
            deletionPolicy: Delete
            """
    }

    // MARK: Changing the folder

    /// Writes the file of `index` as editors and config management do: a temp file renamed in.
    mutating func write(_ index: Int, _ wanted: Desired) throws {
        try Self.writeFile(specs: specs, name: name(index), text: specText(index, wanted))
        desired[index] = wanted
        seen.insert(index)
        changes += 1
    }

    mutating func create(_ index: Int, impersonation: Bool) throws {
        try write(index, Desired(impersonation: impersonation ? takeVariant() : nil))
    }

    /// Impersonation on with a new role name, renamed, or off.
    mutating func edit(_ index: Int, using random: inout SeededRandom) throws {
        let current = desired[index] ?? Desired()
        let next = current.impersonation != nil && Bool.random(using: &random) ? nil : takeVariant()
        try write(index, Desired(impersonation: next))
    }

    mutating func delete(_ index: Int) throws {
        try Self.removeFile(specs: specs, name: name(index))
        desired[index] = nil
        changes += 1
    }

    /// One random change: a missing file is created; an existing one is edited (60 %) or removed.
    mutating func randomChange(using random: inout SeededRandom) throws {
        let index = Int.random(in: 0..<size, using: &random)
        if desired[index] == nil {
            try create(index, impersonation: Bool.random(using: &random))
        } else if Int.random(in: 0..<10, using: &random) < 6 {
            try edit(index, using: &random)
        } else {
            try delete(index)
        }
    }

    /// Records what choreography run off the fleet (on a dedicated thread) left in the folder.
    mutating func assume(_ index: Int, _ wanted: Desired?) {
        desired[index] = wanted
        if wanted != nil { seen.insert(index) }
        changes += 1
    }

    /// A temp file renamed in, as editors and config management write (no model update: for
    /// choreography run off the fleet, on a dedicated thread).
    static func writeFile(specs: String, name: String, text: String) throws {
        let temp = specs + "/.\(name).yaml.tmp"
        try text.write(toFile: temp, atomically: false, encoding: .utf8)
        guard rename(temp, specs + "/\(name).yaml") == 0 else {
            throw TestSupportError("rename into \(specs) failed: \(String(cString: strerror(errno)))")
        }
    }

    static func removeFile(specs: String, name: String) throws {
        guard unlink(specs + "/\(name).yaml") == 0 else {
            throw TestSupportError("unlink failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Every file removed (the end of each test: deletion after the faults must leave nothing).
    mutating func deleteAll() throws {
        for index in 0..<size where desired[index] != nil { try delete(index) }
    }

    private mutating func takeVariant() -> Int {
        defer { nextVariant += 1 }
        return nextVariant
    }

    // MARK: The daemon

    /// Starts `steward run` on the folder. `removalGrace` 0 acts on a removed file at once (so
    /// that kills land in the middle of deletions too); tests default to 2 s.
    func startDaemon(removalGrace: String? = nil) throws -> DaemonProcess {
        try DaemonProcess(specDirectory: specs, stateDirectory: state,
                          extraArguments: removalGrace.map { ["--removal-grace", $0] } ?? [])
    }

    // MARK: What the files imply

    var expectedDatabases: Set<String> {
        Set((0..<size).filter { desired[$0] != nil }.map(database))
    }

    var expectedRoles: Set<String> {
        var roles: Set<String> = []
        for index in 0..<size {
            guard let wanted = desired[index] else { continue }
            roles.insert(systemAccount(index))
            if let variant = wanted.impersonation { roles.insert(impersonationRole(index, variant: variant)) }
        }
        return roles
    }

    /// Drops whatever a failed test left behind (after the assertions; never part of them).
    func scrub() async {
        for index in 0..<size where (try? await Catalog.databaseExists(server, database(index))) ?? false {
            try? await Catalog.execute(server, "DROP DATABASE \(database(index)) WITH (FORCE)")
        }
        let roles = (try? await Invariants.roles(in: self)) ?? []
        for role in roles.sorted() {
            try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(role)\"")
        }
        // STEWARD_FAULT_KEEP=1 keeps the folder (specs, state, the daemon's log) for a post-mortem.
        if ProcessInfo.processInfo.environment["STEWARD_FAULT_KEEP"] == "1" {
            print("fault fleet \(tag) kept in \(dir.path)")
        } else {
            dir.remove()
        }
    }
}
