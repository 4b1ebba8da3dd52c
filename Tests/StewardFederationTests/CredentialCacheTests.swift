import Foundation
import StewardFederation
import StewardSpec
import StewardTestSupport
import Synchronization
import Testing

struct CredentialCacheTests {
    @Test func aSecondCallUsesTheCacheAndMakesNoOktaRequest() async throws {
        let f = try await LoginFixture()
        let clock = ManualClock()
        let cache = FederatedCredentialCache(environment: f.environment, now: clock.closure)
        let first = try await cache.credentials(for: f.settings())
        clock.advance(by: 600)
        let second = try await cache.credentials(for: f.settings())
        #expect(first == second)
        #expect(try f.okta.loginCount() == 1)
    }

    @Test func credentialsAreRefreshedShortlyBeforeTheyExpire() async throws {
        let f = try await LoginFixture()
        let clock = ManualClock()
        let cache = FederatedCredentialCache(environment: f.environment, now: clock.closure)
        let first = try await cache.credentials(for: f.settings())
        // 900 s credentials: refreshed 90 s (10 %) before they expire.
        let refreshAt = first.expiration.addingTimeInterval(-90).timeIntervalSince(clock.now)
        clock.advance(by: refreshAt - 5)
        #expect(try await cache.credentials(for: f.settings()) == first)
        clock.advance(by: 10)
        let second = try await cache.credentials(for: f.settings())
        #expect(second.password != first.password)
        #expect(try f.okta.loginCount() == 2)
    }

    @Test func concurrentCallersShareOneLogin() async throws {
        let f = try await LoginFixture()
        let cache = FederatedCredentialCache(environment: f.environment)
        let settings = f.settings()
        let users = try await withThrowingTaskGroup(of: DatabaseCredentials.self) { group in
            for _ in 0..<6 { group.addTask { try await cache.credentials(for: settings) } }
            return try await group.reduce(into: Set<DatabaseCredentials>()) { $0.insert($1) }
        }
        #expect(users.count == 1)
        #expect(try f.okta.loginCount() == 1)
    }

    @Test func failuresAreNotCachedAndSettingsAreTheKey() async throws {
        let f = try await LoginFixture()
        let cache = FederatedCredentialCache(environment: f.environment)
        for _ in 0..<2 {
            await #expect(throws: FederationError.self) { try await cache.credentials(for: f.settings(password: "wrong")) }
        }
        #expect(try f.okta.loginCount() == 2)
        _ = try await cache.credentials(for: f.settings())
        _ = try await cache.credentials(for: f.settings(dbUser: "other_user"))
        #expect(try f.okta.loginCount() == 4)
        await cache.invalidate(f.settings())
        _ = try await cache.credentials(for: f.settings())
        #expect(try f.okta.loginCount() == 5)
    }

    /// The margin rule on its own, with a login that counts calls and issues hour-long credentials.
    @Test func theMarginIsTheLargerOfAMinuteAndATenthOfTheLifetime() async throws {
        #expect(FederatedCredentialCache.refreshMargin(lifetime: 900) == 90)
        #expect(FederatedCredentialCache.refreshMargin(lifetime: 300) == 60)
        #expect(FederatedCredentialCache.refreshMargin(lifetime: 3600) == 360)
        let clock = ManualClock(Date(timeIntervalSince1970: 1_000_000))
        let logins = Mutex(0)
        let cache = FederatedCredentialCache(now: clock.closure) { _ throws(FederationError) in
            let number = logins.withLock { count in
                count += 1
                return count
            }
            return DatabaseCredentials(user: "IAM:u", password: Secret("p\(number)"), expiration: clock.now.addingTimeInterval(3600))
        }
        let settings = OktaLoginSettings(idpHost: "example.okta.com", appId: "app", username: "u", password: Secret("pw"),
                                         clusterIdentifier: "c", region: "us-east-1")
        _ = try await cache.credentials(for: settings)
        clock.advance(by: 3600 - 361)
        _ = try await cache.credentials(for: settings)
        #expect(logins.withLock { $0 } == 1)
        clock.advance(by: 2)
        #expect(try await cache.credentials(for: settings).password == Secret("p2"))
    }
}
