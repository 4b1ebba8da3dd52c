import Foundation
import Logging

/// Temporary database credentials by login settings, reused until shortly before they expire.
///
/// A cached password is handed out until `expiration − margin`, where the margin is the larger of
/// 60 s and a tenth of the credentials' lifetime, so a connection never starts with a password
/// about to lapse. Callers asking for the same settings while a login runs share that login.
/// Failed logins are not cached: the caller's retry policy decides when to try again.
package actor FederatedCredentialCache {
    /// Performs one login (normally `FederatedLogin.login()`).
    package typealias Login = @Sendable (OktaLoginSettings) async throws(FederationError) -> DatabaseCredentials

    private struct Entry {
        var credentials: DatabaseCredentials
        var refreshAt: Date
    }

    private typealias LoginTask = Task<Result<DatabaseCredentials, FederationError>, Never>

    private let now: @Sendable () -> Date
    private let login: Login
    private var entries: [OktaLoginSettings: Entry] = [:]
    private var running: [OktaLoginSettings: LoginTask] = [:]

    /// A cache over any login function; `now` is the clock that decides freshness.
    package init(now: @escaping @Sendable () -> Date = { Date() }, login: @escaping Login) {
        self.now = now
        self.login = login
    }

    /// A cache over `FederatedLogin` with these dependencies.
    package init(environment: [String: String], http: any HTTPClient = FederationHTTPClient.shared,
                now: @escaping @Sendable () -> Date = { Date() }, timeouts: HTTPTimeouts = .standard,
                logger: Logger = Logger(label: "steward.federation")) {
        self.init(now: now) { settings throws(FederationError) in
            try await FederatedLogin(settings: settings, environment: environment, http: http, now: now,
                                     timeouts: timeouts, logger: logger).login()
        }
    }

    /// Fresh credentials for `settings`: cached ones while they last, else a new login (shared
    /// with concurrent callers).
    package func credentials(for settings: OktaLoginSettings) async throws(FederationError) -> DatabaseCredentials {
        if let entry = entries[settings], now() < entry.refreshAt { return entry.credentials }
        let task = running[settings] ?? start(settings)
        let result = await task.value
        finish(settings, task, result)
        return try result.get()
    }

    /// Forgets the cached credentials for `settings` (say, after the database refused them).
    package func invalidate(_ settings: OktaLoginSettings) {
        entries[settings] = nil
    }

    /// The refresh margin for credentials that last `lifetime` seconds: max(60 s, 10 %).
    package static func refreshMargin(lifetime: TimeInterval) -> TimeInterval {
        max(60, lifetime / 10)
    }

    private func start(_ settings: OktaLoginSettings) -> LoginTask {
        let login = self.login
        let task = LoginTask {
            do throws(FederationError) {
                return .success(try await login(settings))
            } catch {
                return .failure(error)
            }
        }
        running[settings] = task
        return task
    }

    /// Records a finished login once (the first of its waiters to get here does it).
    private func finish(_ settings: OktaLoginSettings, _ task: LoginTask, _ result: Result<DatabaseCredentials, FederationError>) {
        guard running[settings] == task else { return }
        running[settings] = nil
        guard case .success(let credentials) = result else { return }
        let issued = now()
        let margin = Self.refreshMargin(lifetime: credentials.expiration.timeIntervalSince(issued))
        entries[settings] = Entry(credentials: credentials, refreshAt: credentials.expiration.addingTimeInterval(-margin))
    }
}
