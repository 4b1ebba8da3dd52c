import Foundation
import StewardSpec
import StewardTestSupport
import Testing

/// `/metrics` of a real daemon against the list of families the dashboard and the alert rules
/// are checked against (`Deploy/monitoring/metric-families.txt`), so the two cannot drift.
@Suite struct MetricsScrapeTests {
    /// NAME → TYPE from the list: those every daemon serves, or (`sharedStore`) those after the
    /// `# shared-store-only` line, which only a daemon sharing a PostgreSQL store serves.
    static func listedFamilies(sharedStore: Bool = false) throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Deploy/monitoring/metric-families.txt")
        var families: [String: String] = [:]
        let text = try String(contentsOf: url, encoding: .utf8)
        let marker = try #require(text.range(of: "\n# shared-store-only\n"), "the list marks the shared store's families")
        let section = sharedStore ? text[marker.upperBound...] : text[..<marker.lowerBound]
        for line in section.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            try #require(parts.count == 2, "NAME TYPE: \(line)")
            families[String(parts[0])] = String(parts[1])
        }
        return families
    }

    @Test func aScrapeServesEveryListedFamilyWithItsType() async throws {
        let api = try await APIFixture(extraArguments: ["--resync-interval", "7m"])
        defer { api.dir.remove() }
        let listed = try Self.listedFamilies()
        // A request that fails, so that the HTTP error family exists too.
        #expect(try api.client.request("GET", "/nothing-here").status == 404)

        var families: [String: PrometheusParser.Family] = [:]
        var body = ""
        let deadline = ContinuousClock.now + .seconds(10)
        repeat {
            // The middleware counts a request once its response is written: scrape until it has.
            let answer = try api.client.request("GET", "/metrics", accept: "text/plain")
            #expect(answer.status == 200)
            body = answer.body
            families = try PrometheusParser.parse(body)
            if Set(families.keys) == Set(listed.keys) { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline

        #expect(families.mapValues(\.type) == listed, "scrape:\n\(body)")
        #expect(families["steward_ready"]?.value([:]) == 1)
        #expect(families["steward_resync_interval_seconds"]?.value([:]) == 420)
        let started = families["process_start_time_seconds"]?.value([:]) ?? 0
        #expect(started <= Date().timeIntervalSince1970 + 1 && started > Date().timeIntervalSince1970 - 600)
        #expect(families["steward_integrations"]?.samples.count == IntegrationStatus.allCases.count, "every status, zeros included")
        #expect(families["steward_reconciles_total"]?.samples.count == 4)
        #expect((families["hb_requests"]?.samples.contains { $0.labels["http_route"] == "/readyz" && $0.labels["http_response_status_code"] == "200" }) == true)
        #expect((families["hb_request_errors"]?.samples.contains { $0.labels["error_type"] == "404" }) == true)
        #expect(!body.contains(APIFixture.key), "keys are never in metrics")
        try await api.stop()
    }
}
