import Foundation
import Logging
import StewardFederation
import StewardSpec
import StewardTestSupport
import Synchronization

/// A fake Okta of its own plus the shared moto with a fresh cluster, for one test.
struct LoginFixture {
    static let password = "Okta-Pw-7Qz"

    let okta: FakeOktaServer
    let moto: MotoServer
    let cluster: String
    let region: String

    /// Starts a fake Okta whose assertion offers `roles` and creates a cluster in moto.
    init(roles: [String] = ["admin"], dbUser: String? = "alice_db", dbGroups: [String]? = nil, autoCreate: Bool? = nil,
         sessionName: String? = "alice-session", authnStatus: String = "SUCCESS",
         redirect: FakeOktaServer.Redirect = .none, echoPassword: Bool = false, password: String = LoginFixture.password,
         region: String = "us-east-1", createCluster: Bool = true) async throws {
        okta = try await FakeOktaServer.start(username: "alice@example.com", password: password, roles: roles, dbUser: dbUser,
                                              dbGroups: dbGroups, autoCreate: autoCreate, sessionName: sessionName,
                                              authnStatus: authnStatus, redirect: redirect, echoPassword: echoPassword)
        moto = try await MotoServer.start()
        cluster = TestNames.unique("dw").replacingOccurrences(of: "_", with: "-")
        self.region = region
        if createCluster { try moto.createCluster(identifier: cluster, region: region) }
    }

    func settings(password: String = LoginFixture.password, role: String? = "admin", dbUser: String? = nil,
                  autoCreate: Bool? = nil, dbGroups: [String]? = nil, cluster: String? = nil) -> OktaLoginSettings {
        OktaLoginSettings(idpHost: okta.baseURL, appId: okta.appId, username: okta.username, password: Secret(password),
                          role: role, dbUser: dbUser, autoCreate: autoCreate, dbGroups: dbGroups,
                          clusterIdentifier: cluster ?? self.cluster, region: region)
    }

    var environment: [String: String] { moto.environment }

    func login(_ settings: OktaLoginSettings? = nil, environment: [String: String]? = nil,
               logger: Logger = Logger(label: "test")) async throws(FederationError) -> DatabaseCredentials {
        try await FederatedLogin(settings: settings ?? self.settings(), environment: environment ?? self.environment,
                                 timeouts: HTTPTimeouts(connect: .seconds(5), total: .seconds(30)), logger: logger).login()
    }

    /// The error a login throws, or nil when it succeeds.
    func failure(_ settings: OktaLoginSettings? = nil, environment: [String: String]? = nil,
                 logger: Logger = Logger(label: "test")) async -> FederationError? {
        do {
            _ = try await login(settings, environment: environment, logger: logger)
            return nil
        } catch {
            return error
        }
    }
}

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    /// A `now` closure for the code under test.
    var closure: @Sendable () -> Date { { [self] in now } }
}

/// A log handler that keeps every message and its metadata as text, at every level.
final class CapturingLogHandler: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let text = "\(event.level) \(event.message) \(event.metadata ?? [:])"
        lines.withLock { $0.append(text) }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    var logger: Logger { Logger(label: "capture") { _ in self } }
}
