import Foundation
import StewardTestSupport
import Testing

/// `steward access`: the README's policy example, applied, then explained per user.
@Suite struct AccessCommandTests {
    @Test func explainsWhatEachUserSeesAndWhy() async throws {
        let world = try await PolicyEnforcementTests.World()
        let applied = try world.apply(world.spec())
        #expect(applied.view["status"] as? String == "enabled", "\(applied.view["lastError"] ?? applied.stderr)")

        let alice = try Subprocess.steward(["access", world.name, "alice", "--data-source", "customers", "--state-dir", world.state])
        #expect(alice.status == 0, "\(alice.stderr)")
        #expect(alice.stdout == """
            alice (login \(world.user("alice")); groups: analysts; region: EU)
              customers (governed.customers): subscribed — policy "analysts read" subscribes group analysts
                rows: policy "own region" keeps rows whose region is one of the user's region values [EU]
                amount: masked (round) — policy "round amounts" names column amount: masked by rounding to 0 digits
                email: masked (hash) — policy "mask pii" covers tag pii: masked with its SHA-256 (hex)
                region: raw — no masking policy covers it: raw
                every other column: raw

            """)

        // By login, as JSON: dave is exempt from masking and filtering; carol is not subscribed.
        let dave = try Subprocess.steward(["access", world.name, world.user("dave"), "-o", "json", "--state-dir", world.state])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(dave.stdout.utf8)) as? [String: Any], "\(dave.stderr)")
        let users = report["users"] as? [[String: Any]] ?? []
        let customers = (users.first?["dataSources"] as? [[String: Any]])?.first { $0["dataSource"] as? String == "customers" }
        let email = (customers?["columns"] as? [[String: Any]])?.first { $0["column"] as? String == "email" }
        #expect(users.first?["user"] as? String == "dave")
        #expect(email?["exemptGroup"] as? String == "admins" && email?["method"] == nil && email?["policy"] as? String == "mask pii")
        #expect((customers?["rowFilters"] as? [[String: Any]])?.first?["exemptGroup"] as? String == "admins")

        let everyone = try Subprocess.steward(["access", world.name, "--state-dir", world.state])
        #expect(everyone.stdout.contains("""
              customers (governed.customers): no rows — subscription policies "analysts read" name neither user carol nor any of its groups
            """))
        #expect(everyone.stdout.contains("orders (governed.orders): subscribed — policy \"analysts read\" subscribes group admins"))

        // An unmapped login is answered; an unknown data source or integration is refused with the fix.
        let erin = try Subprocess.steward(["access", world.name, world.user("erin"), "--state-dir", world.state])
        #expect(erin.stdout.contains("(not a mapped user)") && erin.stdout.contains("is not a mapped user: the view shows it no rows"))
        let unknown = try Subprocess.steward(["access", world.name, "alice", "--data-source", "nope", "--state-dir", world.state])
        #expect(unknown.status == 2 && unknown.stderr.contains("has no data source nope — use one of: customers, orders"), "\(unknown.stderr)")
        let missing = try Subprocess.steward(["access", "nope", "--state-dir", world.state])
        #expect(missing.status == 1 && missing.stderr.contains("No Integration found"))
        await world.cleanup()
    }
}
