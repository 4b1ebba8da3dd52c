import Foundation

/// A fake Okta IdP (`Tests/Fixtures/fake_okta.py`) on 127.0.0.1 for federated-login tests: one
/// account, one Okta AWS app whose SAML assertion offers the given roles. Each test starts its
/// own; it stops on deinit and at process exit.
///
///     let okta = try await FakeOktaServer.start(username: "alice@example.com", password: "pw", roles: ["admin"])
///     // settings: idpHost = okta.baseURL, appId = okta.appId
///     #expect(try okta.loginCount() == 1)
package final class FakeOktaServer: Sendable {
    /// What a same-host or other-host redirect test wants the app page to do.
    package enum Redirect: String, Sendable {
        case none
        case sameHost = "same-host"
        case otherHost = "other-host"
    }

    /// Request counters of the fake.
    package struct Stats: Sendable, Codable, Equatable {
        /// `POST /api/v1/authn` requests, good or bad.
        package var authn: Int
        package var authnSucceeded: Int
        /// SAML responses handed out.
        package var saml: Int
        /// Requests to the STS refusal endpoint.
        package var sts: Int
    }

    /// The account moto treats as its own: roles of this account get credentials that see the
    /// clusters `MotoServer.createCluster` makes.
    package static let account = "123456789012"

    package let process: FixtureProcess
    package let appId: String
    package let username: String
    private let directory: TemporaryDirectory

    /// `http://127.0.0.1:PORT`, the value for `idpHost`.
    package var baseURL: String { "http://127.0.0.1:\(process.port)" }
    package var port: Int { process.port }
    /// An `AWS_ENDPOINT_URL_STS` value where every AssumeRoleWithSAML is refused (AccessDenied).
    package var refusingSTSURL: String { baseURL + "/_sts/refuse" }

    private init(process: FixtureProcess, appId: String, username: String, directory: TemporaryDirectory) {
        self.process = process
        self.appId = appId
        self.username = username
        self.directory = directory
    }

    deinit {
        process.stop()
        directory.remove()
    }

    /// Starts a fake IdP.
    /// - Parameters:
    ///   - roles: role names (`admin` → `arn:aws:iam::123456789012:role/admin` with the provider
    ///     `arn:aws:iam::123456789012:saml-provider/okta`) or full `ROLE_ARN,PRINCIPAL_ARN` pairs.
    ///     moto 5 cannot read an assertion with more than one role value: flows that reach moto's
    ///     STS need exactly one.
    ///   - sessionName: the RoleSessionName attribute (moto's STS needs one); nil leaves it out.
    ///   - authnStatus: what good credentials get (`SUCCESS`, or `MFA_REQUIRED` and the like).
    ///   - echoPassword: a failed sign-in's error summary repeats the password sent (a careless
    ///     server), to prove errors are scrubbed.
    ///   - tls: serve https with this certificate instead of http.
    package static func start(username: String = "steward@example.com", password: String, roles: [String],
                             dbUser: String? = nil, dbGroups: [String]? = nil, autoCreate: Bool? = nil,
                             sessionName: String? = "steward-session", appId: String = "0oaStewardTestApp1",
                             authnStatus: String = "SUCCESS", redirect: Redirect = .none,
                             echoPassword: Bool = false, tls: TLSFiles? = nil) async throws -> FakeOktaServer {
        let directory = try TemporaryDirectory("steward-okta")
        let config = Config(username: username, password: password, appId: appId, roles: roles.map(rolePair),
                            sessionName: sessionName, dbUser: dbUser, autoCreate: autoCreate.map { $0 ? "true" : "false" },
                            dbGroups: dbGroups, authnStatus: authnStatus, redirect: redirect.rawValue,
                            echoPassword: echoPassword)
        let path = directory.file("config.json")
        try CloseOnExecFile.writeNew(path, Array(try JSONEncoder().encode(config)))
        do {
            var environment = ["FAKE_OKTA_CONFIG": path]
            if let tls {
                environment["FAKE_OKTA_TLS_CERT"] = tls.certificatePath
                environment["FAKE_OKTA_TLS_KEY"] = tls.keyPath
            }
            let process = try await FixtureProcess.start(script: "fake_okta.py", environment: environment, in: directory)
            return FakeOktaServer(process: process, appId: appId, username: username, directory: directory)
        } catch {
            directory.remove()
            throw error
        }
    }

    /// `arn:aws:iam::123456789012:role/NAME,arn:aws:iam::123456789012:saml-provider/okta`, or
    /// the text itself when it already is a pair.
    package static func rolePair(_ role: String) -> String {
        role.contains(",") ? role : "\(roleARN(role)),arn:aws:iam::\(account):saml-provider/okta"
    }

    /// `arn:aws:iam::123456789012:role/NAME`.
    package static func roleARN(_ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }

    package func stats() throws -> Stats {
        let response = try LoopbackHTTP.request(port: port, path: "/_stats")
        return try JSONDecoder().decode(Stats.self, from: Data(response.body.utf8))
    }

    /// How many primary authentications the fake has seen.
    package func loginCount() throws -> Int { try stats().authn }

    package func stop() { process.stop() }

    private struct Config: Encodable {
        var username: String
        var password: String
        var appId: String
        var roles: [String]
        var sessionName: String?
        var dbUser: String?
        var autoCreate: String?
        var dbGroups: [String]?
        var authnStatus: String
        var redirect: String
        var echoPassword: Bool
    }
}
