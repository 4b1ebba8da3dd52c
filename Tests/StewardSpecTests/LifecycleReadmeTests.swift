import Foundation
import StewardSpec
import Testing

/// The README's status table is `LifecycleGraph.markdownTable`: generated from the one table the
/// lifecycle decides with and the store enforces. `STEWARD_UPDATE_GOLDEN=1` rewrites it.
@Suite struct LifecycleReadmeTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")
    static let begin = "<!-- lifecycle-table: generated from LifecycleGraph.edges (STEWARD_UPDATE_GOLDEN=1 swift test --filter LifecycleReadmeTests) -->\n"
    static let end = "<!-- /lifecycle-table -->"

    @Test func theReadmeShowsTheLifecyclesOwnTable() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "README.md lost its lifecycle-table markers")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let shown = String(text[start.upperBound..<stop.lowerBound])
        let table = LifecycleGraph.markdownTable + "\n"
        if ProcessInfo.processInfo.environment["STEWARD_UPDATE_GOLDEN"] == "1" {
            try (text[..<start.upperBound] + table + text[stop.lowerBound...]).write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(shown == table, "README.md's status table differs from LifecycleGraph; run with STEWARD_UPDATE_GOLDEN=1 and review")
    }
}
