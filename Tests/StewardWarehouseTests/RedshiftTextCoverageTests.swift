import Foundation
import StewardSpec
@testable import StewardWarehouse
import Testing

/// No Redshift code path can send a text that no golden file holds.
///
/// Redshift cannot run here, so the goldens (and the conformance check over them,
/// `Deploy/dev/redshift-conformance.sh`) are all that stands between a Redshift statement and a
/// user's cluster. A golden only holds what some test rendered. This test closes the gap from
/// the source side:
/// - **Statements.** Every `SQLStatement(…)` construction site in `Sources/` that a Redshift
///   path can reach must be reached while the Redshift goldens are rendered (``SQLRenderLog``
///   records the sites), and every text rendered there must be in a golden. Sites only the
///   PostgreSQL dialect reaches are listed below with the reason.
/// - **Queries.** Every `.query(…)` call in `Sources/StewardWarehouse` is listed below with the
///   texts it can send on Redshift (each must be in a golden) or the reason it never runs there.
///   A new call fails this test until it is listed and its text pinned.
@Suite struct RedshiftTextCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Files whose every statement and query is PostgreSQL's (the dialect objects of the stand-in).
    static let postgresqlFiles: Set<String> = ["PostgreSQLDialect.swift", "PostgreSQLGovernance.swift", "PostgreSQLCatalog.swift",
                                               "GovernanceCatalog+PostgreSQL.swift",
                                               // LeftoverSessions.end runs only when the server is PostgreSQL.
                                               "LeftoverSessions.swift"]

    /// Folders whose statements go to PostgreSQL alone: the status store that several Steward
    /// hosts share is a PostgreSQL database of the operator's, never the warehouse.
    static let postgresqlFolders: Set<String> = ["StewardStore/Shared"]

    /// Every Redshift golden's text, concatenated.
    static func goldenCorpus() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: GoldenFile.directory.path).filter { $0.hasSuffix(".redshift.sql") }.sorted()
        return try names.map { try String(contentsOf: GoldenFile.directory.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
    }

    /// Renders every Redshift golden (through the same functions the golden tests use).
    static func renderEveryRedshiftGolden() throws {
        _ = try PlanGoldenTests.bootstrapSteps(.redshift)
        _ = try PlanGoldenTests.driftSteps(.redshift)
        _ = try PlanGoldenTests.deletionSteps(.redshift)
        _ = try PlanGoldenTests.existingDatabaseDeletionText()
        _ = try GovernanceGoldenTests.redshiftEnforcementSteps()
        _ = try RedshiftCoverageGoldenTests.catalogText()
        _ = try RedshiftCoverageGoldenTests.changesSteps()
        _ = try ReadAheadGoldenTests.redshiftText()
        for (_, script) in try ScriptGoldenTests.scripts() { _ = try script.render() }
        _ = SessionSQL.transaction([])
    }

    /// `SQLStatement(` construction sites in the sources, as `#fileID` names them.
    static func statementSites() throws -> [SQLRenderLog.Site: String] {
        var sites: [SQLRenderLog.Site: String] = [:]
        for (module, file, lines) in try sourceFiles() where !postgresqlFiles.contains(file) {
            for (index, line) in lines.enumerated() where line.contains("SQLStatement(") {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("///"), !code.hasPrefix("//"), !code.contains("struct SQLStatement") else { continue }
                sites[SQLRenderLog.Site(file: "\(module)/\(file)", line: index + 1)] = code
            }
        }
        return sites
    }

    /// (module, file name, lines) of every Swift file under `Sources/`.
    static func sourceFiles() throws -> [(String, String, [String])] {
        let sources = root.appendingPathComponent("Sources")
        var files: [(String, String, [String])] = []
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() {
            let moduleURL = sources.appendingPathComponent(module)
            guard let walker = FileManager.default.enumerator(atPath: moduleURL.path) else { continue }
            for case let path as String in walker where path.hasSuffix(".swift")
                && !postgresqlFolders.contains("\(module)/\((path as NSString).deletingLastPathComponent)") {
                let text = try String(contentsOf: moduleURL.appendingPathComponent(path), encoding: .utf8)
                files.append((module, (path as NSString).lastPathComponent, text.components(separatedBy: "\n")))
            }
        }
        return files
    }

    @Test func everyStatementSiteARedshiftPathReachesIsInAGolden() throws {
        let log = SQLRenderLog()
        try SQLRenderLog.$current.withValue(log) { try Self.renderEveryRedshiftGolden() }
        let reached = log.sites
        let corpus = try Self.goldenCorpus()
        for (site, texts) in reached.sorted(by: { $0.key < $1.key }) {
            for rendered in texts where !corpus.contains(rendered.text) && !corpus.contains(rendered.redactedText) {
                Issue.record("\(site) rendered a Redshift text no golden holds:\n\(rendered.redactedText)")
            }
        }
        let sites = try Self.statementSites()
        #expect(sites.count > 40, "the source scan found \(sites.count) statement sites; is it reading Sources/?")
        for (site, code) in sites.sorted(by: { $0.key < $1.key }) where reached[site] == nil {
            Issue.record("""
                \(site) makes a statement no Redshift golden renders: \(code)
                Render it in a golden test (and the list in RedshiftTextCoverageTests.renderEveryRedshiftGolden), \
                so that the conformance check reads it, or move it to a PostgreSQL-only file.
                """)
        }
        for site in reached.keys where sites[site] == nil && !site.file.hasPrefix("StewardWarehouseTests/") {
            Issue.record("\(site) was reached but the source scan does not see a statement there (multi-line call?)")
        }
    }

    /// What each `.query(` or `.pipeline(` call in the warehouse module sends on Redshift, or why
    /// it never runs there.
    enum QuerySite {
        case redshift([String])
        case postgresqlOnly(String)
        /// It sends `SQLStatement` values, whose construction sites the statement check covers.
        case statements(String)
    }

    static var querySites: [(file: String, call: String, sends: QuerySite)] {
        return [
            ("GovernanceCatalog.swift", "Self.objectsRead", .statements("GovernanceCatalog.objectsRead")),
            ("GovernanceCatalog.swift", "Self.profileSQL", .redshift([GovernanceCatalog.profileSQL])),
            ("GovernanceCatalog.swift", "Self.trackedSQL", .redshift([GovernanceCatalog.trackedSQL])),
            ("GovernanceCatalog.swift", "Self.functionRead", .statements("GovernanceCatalog.functionRead")),
            ("GovernanceCatalog.swift", "read)", .statements("liveViewsRead and columnsReads")),
            ("SourceGrants.swift", "read)", .statements("SourceGrants.read")),
            ("RedshiftCatalog.swift", "Self.userSQL", .redshift([RedshiftCatalog.userSQL])),
            ("RedshiftCatalog.swift", "Self.databaseSQL", .redshift([RedshiftCatalog.databaseSQL])),
            ("RedshiftCatalog.swift", "Self.roleSQL", .redshift([RedshiftCatalog.roleSQL])),
            ("RedshiftCatalog.swift", "Self.adminSQL", .redshift([RedshiftCatalog.adminSQL])),
            ("RedshiftCatalog.swift", "Self.schemaSQL", .redshift([RedshiftCatalog.schemaSQL])),
            ("RedshiftCatalog.swift", "Self.markerTableSQL", .redshift([RedshiftCatalog.markerTableSQL])),
            ("SystemUserFootprint.swift", "schemasSQL", .redshift([SystemUserFootprint.schemasSQL])),
            ("SystemUserFootprint.swift", "relationsSQL", .redshift([SystemUserFootprint.relationsSQL])),
            ("CatalogObserving.swift", "markersSQL", .redshift([markersSQL])),
            ("Bootstrapper.swift", "SessionSQL.version", .redshift([SessionSQL.version])),
            ("Bootstrapper+Delete.swift", "SessionSQL.version", .redshift([SessionSQL.version])),
            ("Bootstrapper.swift", "SessionSQL.rollback", .redshift([SessionSQL.rollback])),
            ("Bootstrapper.swift", "SessionSQL.transaction(", .statements("BEGIN, the plan's steps and COMMIT, each built at a statement site")),
        ]
    }

    @Test func everyQueryCallIsListedAndItsRedshiftTextIsInAGolden() throws {
        let corpus = try Self.goldenCorpus()
        var calls: [(file: String, line: Int, code: String)] = []
        for (module, file, lines) in try Self.sourceFiles() where module == "StewardWarehouse" && !Self.postgresqlFiles.contains(file) {
            for (index, line) in lines.enumerated() where (line.contains(".query(") || line.contains(".pipeline(")) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                calls.append((file, index + 1, line.trimmingCharacters(in: .whitespaces)))
            }
        }
        #expect(calls.count > 20, "the source scan found \(calls.count) query calls; is it reading Sources/?")
        var used = Set<Int>()
        for call in calls {
            let matches = Self.querySites.indices.filter { index -> Bool in
                let site = Self.querySites[index]
                return site.file == call.file && (call.code.contains(".query(" + site.call) || call.code.contains(".pipeline(" + site.call))
            }
            guard matches.count == 1, let match = matches.first else {
                Issue.record("""
                    StewardWarehouse/\(call.file):\(call.line) sends a query this test does not know (\(matches.count) matches): \(call.code)
                    List it in RedshiftTextCoverageTests.querySites with the texts it sends on Redshift, pinned in a golden.
                    """)
                continue
            }
            used.insert(match)
        }
        for (index, site) in Self.querySites.enumerated() {
            #expect(used.contains(index), "querySites lists \(site.file) \(site.call), which no longer exists")
            guard case .redshift(let texts) = site.sends else { continue }
            for text in texts where !corpus.contains(text + ";") {
                Issue.record("\(site.file) \(site.call) sends on Redshift a text no golden holds:\n\(text)")
            }
        }
    }
}
