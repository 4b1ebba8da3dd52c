import Foundation
import StewardFederation
import StewardSpec
import StewardTestSupport
import Testing

/// Whole logins against a fake Okta and moto's STS and Redshift.
struct FederatedLoginTests {
    @Test func aLoginReturnsTemporaryCredentialsForTheAssertionsDbUser() async throws {
        let f = try await LoginFixture(dbUser: "alice_db")
        let before = Date()
        let credentials = try await f.login()
        #expect(credentials.user == "IAM:alice_db")
        #expect(credentials.password.unredacted.count >= 16)
        #expect(credentials.expiration > before.addingTimeInterval(800))
        #expect(credentials.expiration < Date().addingTimeInterval(1000))
        let stats = try f.okta.stats()
        #expect(stats.authn == 1 && stats.authnSucceeded == 1 && stats.saml == 1)
    }

    @Test func theOktaUsernameIsTheFallbackAndSettingsWinOverTheAssertion() async throws {
        let f = try await LoginFixture(dbUser: nil, autoCreate: true)
        #expect(try await f.login().user == "IAMA:alice@example.com")
        #expect(try await f.login(f.settings(dbUser: "etl_user", autoCreate: false)).user == "IAM:etl_user")
    }

    @Test func oktasSameHostRedirectIsFollowedWithItsSessionCookie() async throws {
        let f = try await LoginFixture(dbUser: "redirected", redirect: .sameHost)
        #expect(try await f.login().user == "IAM:redirected")
        #expect(try f.okta.stats().saml == 1)
    }

    @Test func aRoleIsFoundByItsFullARNToo() async throws {
        let f = try await LoginFixture(roles: ["arn:aws:iam::123456789012:saml-provider/okta,arn:aws:iam::123456789012:role/etl/loader"])
        #expect(try await f.login(f.settings(role: "arn:aws:iam::123456789012:role/etl/loader")).user == "IAM:alice_db")
        #expect(try await f.login(f.settings(role: "loader")).user == "IAM:alice_db")
    }

    @Test func aWrongOktaPasswordIsAPermanentAuthenticationError() async throws {
        let f = try await LoginFixture()
        let error = try #require(await f.failure(f.settings(password: "not-the-password")))
        #expect(error.stage == .oktaAuthentication)
        #expect(!error.isTransient)
        #expect(error.code == "E0000004")
        #expect(error.fix.contains("okta.username and okta.password (passwordFile/passwordCredential)"))
        #expect(try f.okta.stats().authnSucceeded == 0)
    }

    @Test func multiFactorAuthenticationIsNamedAsUnsupported() async throws {
        let f = try await LoginFixture(authnStatus: "MFA_REQUIRED")
        let error = try #require(await f.failure())
        #expect(error.stage == .oktaAuthentication)
        #expect(error.code == "MFA_REQUIRED")
        #expect(error.message.contains("does not support"))
        #expect(error.fix.contains("MFA"))
    }

    @Test func noMatchingRoleListsTheRolesOnOffer() async throws {
        let f = try await LoginFixture(roles: ["admin", "analyst"])
        let error = try #require(await f.failure(f.settings(role: "writer")))
        #expect(error.stage == .roleSelection)
        #expect(!error.isTransient)
        #expect(error.message.contains("admin (arn:aws:iam::123456789012:role/admin)"))
        #expect(error.message.contains("analyst (arn:aws:iam::123456789012:role/analyst)"))
        #expect(error.fix.contains("okta.role"))
    }

    @Test func anSTSRefusalCarriesItsCodeAndMessage() async throws {
        let f = try await LoginFixture()
        let environment = f.environment.merging(["AWS_ENDPOINT_URL_STS": f.okta.refusingSTSURL]) { $1 }
        let error = try #require(await f.failure(environment: environment))
        #expect(error.stage == .assumeRole)
        #expect(error.code == "AccessDenied")
        #expect(error.message.contains("Not authorized to perform sts:AssumeRoleWithSAML"))
        #expect(error.fix.contains("trust policy of arn:aws:iam::123456789012:role/admin"))
        #expect(!error.isTransient)
        #expect(try f.okta.stats().sts == 1)
    }

    /// moto answers HTTP 500 (an HTML page) for an assertion it cannot read, here one without a
    /// RoleSessionName: an STS server error, so transient.
    @Test func anAssertionMotoCannotReadIsAnSTSServerError() async throws {
        let f = try await LoginFixture(sessionName: nil)
        let error = try #require(await f.failure())
        #expect(error.stage == .assumeRole)
        #expect(error.message.contains("HTTP 500"))
        #expect(error.isTransient)
    }

    @Test func anUnknownClusterNamesClusterRegionAndTheOverrideFields() async throws {
        let f = try await LoginFixture(region: "eu-west-1")
        let missing = try #require(await f.failure(f.settings(cluster: "no-such-cluster")))
        #expect(missing.stage == .clusterCredentials)
        #expect(missing.code == "ClusterNotFound")
        #expect(missing.message.contains("no-such-cluster") && missing.message.contains("eu-west-1"))
        #expect(missing.fix.contains("clusterIdentifier and region"))
        #expect(!missing.isTransient)
        // The cluster exists, but in another region than the one asked.
        var elsewhere = f.settings()
        elsewhere.region = "us-west-2"
        #expect(try #require(await f.failure(elsewhere)).code == "ClusterNotFound")
    }

    @Test func unreachableEndpointsAreTransient() async throws {
        let f = try await LoginFixture()
        let closedPort = try TestPostgres.freePortForTests()
        let sts = try #require(await f.failure(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(closedPort)"]))
        #expect(sts.stage == .assumeRole)
        #expect(sts.isTransient)
        #expect(sts.message.contains("127.0.0.1:\(closedPort)"))
        var settings = f.settings()
        settings.idpHost = "http://127.0.0.1:\(closedPort)"
        let okta = try #require(await f.failure(settings))
        #expect(okta.stage == .oktaAuthentication)
        #expect(okta.isTransient)
        #expect(okta.fix.contains("okta.idpHost"))
    }

    @Test func aRedirectToAnotherHostIsNotFollowed() async throws {
        let f = try await LoginFixture(redirect: .otherHost)
        let error = try #require(await f.failure())
        #expect(error.stage == .samlResponse)
        #expect(error.message.contains("127.0.0.2"))
        #expect(error.message.contains("not followed"))
        #expect(!error.isTransient)
    }

    @Test func aWrongAppIdIsASAMLResponseError() async throws {
        let f = try await LoginFixture()
        var settings = f.settings()
        settings.appId = "0oaSomeOtherApp"
        let error = try #require(await f.failure(settings))
        #expect(error.stage == .samlResponse)
        #expect(error.fix.contains("okta.appId"))
    }

    @Test func plainHTTPToARemoteHostIsRefusedBeforeAnythingIsSent() async throws {
        let f = try await LoginFixture(createCluster: false)
        var settings = f.settings()
        settings.idpHost = "http://example.okta.com"
        let okta = try #require(await f.failure(settings))
        #expect(okta.stage == .configuration)
        #expect(okta.message.contains("okta.idpHost"))
        let sts = try #require(await f.failure(environment: ["AWS_ENDPOINT_URL_STS": "http://sts.example.com"]))
        #expect(sts.stage == .configuration)
        #expect(try f.okta.loginCount() == 0)
    }
}
