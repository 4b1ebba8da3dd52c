import Foundation
@testable import StewardFederation
import StewardSpec
import StewardTestSupport
import Testing

/// A canary password goes in; no error, description, dump or log line may hand it back.
struct SecretCanaryTests {
    static let canary = "Canary-Secret-5e1f9a77"

    /// Every textual form of a value.
    static func renderings(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func anEchoedPasswordIsScrubbedFromTheError() async throws {
        let f = try await LoginFixture(echoPassword: true)
        let capture = CapturingLogHandler()
        let error = try #require(await f.failure(f.settings(password: Self.canary), logger: capture.logger))
        #expect(error.stage == .oktaAuthentication)
        // The fake did repeat the password; it arrives redacted.
        #expect(error.message.contains("for password <REDACTED>"))
        for text in Self.renderings(error) + [error.message, error.fix, capture.text] {
            #expect(!text.contains(Self.canary))
        }
    }

    @Test func errorsOfLaterStagesCarryNoSecret() async throws {
        let f = try await LoginFixture(password: Self.canary)
        let refused = try #require(await f.failure(
            f.settings(password: Self.canary),
            environment: f.environment.merging(["AWS_ENDPOINT_URL_STS": f.okta.refusingSTSURL]) { $1 }))
        let missing = try #require(await f.failure(f.settings(password: Self.canary, cluster: "absent-cluster")))
        #expect(refused.stage == .assumeRole)
        #expect(missing.stage == .clusterCredentials)
        for text in Self.renderings(refused) + Self.renderings(missing) {
            #expect(!text.contains(Self.canary))
            #expect(!text.contains("SAMLResponse"))
        }
    }

    @Test func aSuccessfulLoginLogsAndPrintsNoSecret() async throws {
        let f = try await LoginFixture(password: Self.canary)
        let capture = CapturingLogHandler()
        let settings = f.settings(password: Self.canary)
        let credentials = try await f.login(settings, logger: capture.logger)
        let password = credentials.password.unredacted
        #expect(capture.text.contains("got temporary database credentials"))
        #expect(capture.text.contains(credentials.user))
        for text in Self.renderings(credentials) + Self.renderings(settings) + [capture.text] {
            #expect(!text.contains(Self.canary))
            #expect(!text.contains(password))
        }
    }

    @Test func requestsDoNotPrintTheirBodiesOrTokens() throws {
        let request = HTTPRequest(method: .post, endpoint: try EndpointURL.parse("https://example.okta.com"),
                                  pathAndQuery: "/home/amazon_aws/app?onetimetoken=\(Self.canary)",
                                  body: Array("{\"password\":\"\(Self.canary)\"}".utf8))
        for text in Self.renderings(request) {
            #expect(!text.contains(Self.canary))
        }
        let credentials = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: Secret(Self.canary), sessionToken: Secret(Self.canary))
        for text in Self.renderings(credentials) {
            #expect(!text.contains(Self.canary))
        }
    }
}
