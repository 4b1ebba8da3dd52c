import Foundation
import StewardTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The hostile-input corpus: the small files kept in `Tests/Fixtures/hostile` (with what each
/// must produce in `expected.tsv`), and the ones that cannot be kept in git or are too big to
/// keep, made at run time: 10 MiB and 1 MiB files, symbolic links out of the folder and in
/// loops, a FIFO, a socket, a directory, an unreadable file, two files for one name, and file
/// names that are not spec names.
struct HostileCorpus {
    enum Outcome: Equatable {
        /// A record in `createError` whose errors name `file` (the path the daemon read) and
        /// contain `text`.
        case error(containing: String)
        /// No record: not a spec name (hidden, editor leftover, other extension).
        case ignored
        /// No record: a spec extension on a name that breaks the naming rule; logged on rescan.
        case invalidName
    }

    struct Entry {
        var fileName: String
        var category: String
        var outcome: Outcome
        /// What the errors name instead of the file's path (the two files of one name).
        var errorFile: String?

        /// The integration name: the file name without its extension.
        var integrationName: String { (fileName as NSString).deletingPathExtension }
    }

    /// The secret that the file behind `link-outside-secret.yaml` holds.
    let outsideSecret: String
    private(set) var entries: [Entry] = []

    static var fixtureDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hostile").path
    }

    /// The inline password every committed file that has one uses (it must never be shown).
    static let committedCanary = "HostileCorpusCanary-7c1e"

    init(outsideSecret: String) {
        self.outsideSecret = outsideSecret
    }

    /// The committed files and their expectations; throws if a file and the manifest disagree.
    static func committed() throws -> [Entry] {
        let manifest = try String(contentsOfFile: fixtureDirectory + "/expected.tsv", encoding: .utf8)
        var entries: [Entry] = []
        for line in manifest.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { throw TestSupportError("expected.tsv: bad line \(line)") }
            entries.append(Entry(fileName: fields[0], category: fields[2], outcome: .error(containing: fields[1])))
        }
        let listed = Set(entries.map(\.fileName))
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: fixtureDirectory))
            .subtracting(["README.md", "expected.tsv", ".gitattributes"])
        guard listed == present else {
            throw TestSupportError("expected.tsv and the folder differ: \(listed.symmetricDifference(present).sorted())")
        }
        return entries
    }

    /// Puts the whole corpus into `specs`, using `scratch` (outside it) for link targets.
    mutating func install(into specs: String, scratch: String) throws {
        for entry in try Self.committed() {
            try FileManager.default.copyItem(atPath: Self.fixtureDirectory + "/" + entry.fileName, toPath: specs + "/" + entry.fileName)
            entries.append(entry)
        }
        try makeLargeFiles(specs)
        try makeLinks(specs, scratch: scratch)
        try makeOtherKinds(specs, scratch: scratch)
        try makeNames(specs)
    }

    private mutating func add(_ fileName: String, _ category: String, _ outcome: Outcome, errorFile: String? = nil) {
        entries.append(Entry(fileName: fileName, category: category, outcome: outcome, errorFile: errorFile))
    }

    private mutating func makeLargeFiles(_ specs: String) throws {
        let category = "size (made at run time)"
        let mebibyte = 1 << 20
        try write(specs + "/huge-10mib.yaml", Data(repeating: UInt8(ascii: "#"), count: 10 * mebibyte))
        add("huge-10mib.yaml", category, .error(containing: "more than the limit of 1 MiB"))
        try write(specs + "/huge-1mib-plus-one.yaml", Data(repeating: UInt8(ascii: " "), count: mebibyte + 1))
        add("huge-1mib-plus-one.yaml", category, .error(containing: "more than the limit of 1 MiB"))

        // An alias bomb as large as the limit allows: every line multiplies the one before.
        var bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var level = 1
        while bomb.utf8.count < mebibyte - 200 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
            level += 1
        }
        try write(specs + "/huge-alias-bomb.yaml", Data(bomb.utf8))
        add("huge-alias-bomb.yaml", "anchors and aliases (made at run time)", .error(containing: "YAML anchor"))

        let depth = mebibyte / 2 - 1
        try write(specs + "/huge-nesting.yaml", Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8))
        add("huge-nesting.yaml", "deep nesting (made at run time)", .error(containing: "nests deeper"))

        var keys = ""
        var index = 0
        while keys.utf8.count < mebibyte - 32 {
            keys += "k\(index): 1\n"
            index += 1
        }
        try write(specs + "/huge-unknown-keys.yaml", Data(keys.utf8))
        add("huge-unknown-keys.yaml", "structure (made at run time)", .error(containing: "more problems are not shown"))
    }

    private mutating func makeLinks(_ specs: String, scratch: String) throws {
        let category = "symbolic links (made at run time)"
        let secretFile = scratch + "/admin-password"
        try write(secretFile, Data((outsideSecret + "\n").utf8))
        try link(specs, "link-outside-secret.yaml", to: secretFile)
        add("link-outside-secret.yaml", category, .error(containing: "got a single value (not shown"))
        let outsideSpec = scratch + "/outside.yaml"
        try write(outsideSpec, Data("type: Redshift\nautoBootstrap: true\nconfig: {host: h.example.com, port: 0}\n".utf8))
        try link(specs, "link-outside-spec.yaml", to: outsideSpec)
        add("link-outside-spec.yaml", category, .error(containing: "config.port: expected an integer 1-65535, got 0"))
        try link(specs, "link-etc-passwd.yaml", to: "/etc/passwd")
        add("link-etc-passwd.yaml", category, .error(containing: ""))
        try link(specs, "link-loop-a.yaml", to: specs + "/link-loop-b.yaml")
        try link(specs, "link-loop-b.yaml", to: "link-loop-a.yaml")
        add("link-loop-a.yaml", category, .error(containing: "loop of symbolic links"))
        add("link-loop-b.yaml", category, .error(containing: "loop of symbolic links"))
        try link(specs, "link-self.yaml", to: "link-self.yaml")
        add("link-self.yaml", category, .error(containing: "loop of symbolic links"))
        try link(specs, "link-dangling.yaml", to: scratch + "/no-such-file.yaml")
        add("link-dangling.yaml", category, .error(containing: "does not exist"))
        try link(specs, "link-to-directory.yaml", to: scratch)
        add("link-to-directory.yaml", category, .error(containing: "is a directory"))
        try link(specs, "link-to-dev-zero.yaml", to: "/dev/zero")
        add("link-to-dev-zero.yaml", category, .error(containing: "a character device"))
        let fifo = scratch + "/pipe"
        guard mkfifo(fifo, 0o600) == 0 else { throw TestSupportError("mkfifo failed: errno \(errno)") }
        try link(specs, "link-to-fifo.yaml", to: fifo)
        add("link-to-fifo.yaml", category, .error(containing: "a FIFO (named pipe)"))
        // As root, mode 000 does not stop a read: link to a file that even root cannot read.
        if geteuid() == 0 {
            try link(specs, "unreadable.yaml", to: "/proc/sys/vm/compact_memory")
        } else {
            let descriptor = open(specs + "/unreadable.yaml", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o000)
            guard descriptor >= 0 else { throw TestSupportError("could not create unreadable.yaml: errno \(errno)") }
            close(descriptor)
        }
        add("unreadable.yaml", "other kinds of file (made at run time)", .error(containing: "permission denied reading the file"))
    }

    private mutating func makeOtherKinds(_ specs: String, scratch: String) throws {
        let category = "other kinds of file (made at run time)"
        guard mkfifo(specs + "/fifo.yaml", 0o600) == 0 else { throw TestSupportError("mkfifo failed: errno \(errno)") }
        add("fifo.yaml", category, .error(containing: "a FIFO (named pipe), not a regular file"))
        try FileManager.default.createDirectory(atPath: specs + "/directory.yaml", withIntermediateDirectories: false)
        add("directory.yaml", category, .error(containing: "a directory, not a regular file"))
        try bindSocket(specs + "/socket.yaml")
        add("socket.yaml", category, .error(containing: "a socket, not a regular file"))
        try write(specs + "/dup.yaml", Data("type: Redshift\n".utf8))
        try write(specs + "/dup.json", Data("{\"type\": \"Redshift\"}\n".utf8))
        add("dup.yaml", category, .error(containing: "several files define the integration dup"), errorFile: "dup.json, dup.yaml")
    }

    private mutating func makeNames(_ specs: String) throws {
        let forged = "x\n2099-01-01T00:00:00.000Z notice steward: forged line.yaml"
        for name in ["Upper.yaml", "bad name.yaml", "quote'semi;colon.yaml", "$(reboot).yaml", "café.yaml", "a.YAML", forged,
                     String(repeating: "n", count: 201) + ".yaml", "tab\tname.json", "zero\u{200B}width.yaml"] {
            try write(specs + "/" + name, Data("type: Redshift\n".utf8))
            add(name, "file names that break the rule (made at run time)", .invalidName)
        }
        for name in [".hidden.yaml", "spec.yaml~", ".#spec.yaml", "#spec.yaml#", "spec.yaml.swp", "spec.yaml.dpkg-new",
                     "spec.yaml.bak", "notes.txt", "no-extension", "README.md"] {
            try write(specs + "/" + name, Data("type: Redshift\n".utf8))
            add(name, "names that are not spec names (made at run time)", .ignored)
        }
    }

    private func write(_ path: String, _ data: Data) throws {
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw TestSupportError("could not write \(path)") }
    }

    private func link(_ specs: String, _ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: specs + "/" + name, withDestinationPath: target)
    }

    /// A listening Unix socket at `path` (closed again: the entry stays).
    private func bindSocket(_ path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw TestSupportError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestSupportError("bind \(path) failed: errno \(errno)") }
    }
}
