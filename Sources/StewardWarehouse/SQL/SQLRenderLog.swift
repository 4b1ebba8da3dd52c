import Synchronization

/// Where SQL statements are made, recorded only while a test asks for it.
///
/// Redshift cannot run here, so every text a Redshift code path can send is pinned by a golden
/// file. A golden only holds what some test rendered; this log lets a test see which
/// construction sites (`SQLStatement(…)` calls, by `#fileID` and line) its renders reached, and
/// fail when a site that can produce Redshift SQL was never rendered into any golden.
///
/// Off everywhere else: recording costs one task-local read per statement when no log is set.
package final class SQLRenderLog: Sendable {
    /// The log statements made in this task (and its child tasks) are recorded in, if any.
    @TaskLocal package static var current: SQLRenderLog?

    /// One place in the source that makes statements.
    package struct Site: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// `#fileID`: `Module/File.swift`.
        package let file: String
        package let line: Int

        package init(file: String, line: Int) {
            self.file = file
            self.line = line
        }

        package var description: String { "\(file):\(line)" }

        package static func < (lhs: Site, rhs: Site) -> Bool { (lhs.file, lhs.line) < (rhs.file, rhs.line) }
    }

    /// A statement's text as sent and as shown (they differ only where a password verifier is
    /// redacted; a script shows the verifier, a plan does not).
    package struct Rendered: Hashable, Sendable {
        package let text: String
        package let redactedText: String
    }

    private let entries = Mutex<[Site: Set<Rendered>]>([:])

    package init() {}

    func note(_ text: String, redactedText: String, file: StaticString, line: UInt) {
        let site = Site(file: "\(file)", line: Int(line))
        entries.withLock { _ = $0[site, default: []].insert(Rendered(text: text, redactedText: redactedText)) }
    }

    /// Every site reached so far, with the texts it made.
    package var sites: [Site: Set<Rendered>] { entries.withLock { $0 } }
}
