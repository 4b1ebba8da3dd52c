import Foundation
import StewardSpec
import Testing
@testable import StewardFederation

/// AWS's published SigV4 examples: the aws-sig-v4-test-suite (AKIDEXAMPLE, 2015-08-30 12:36:00
/// UTC, us-east-1, service "service") and the IAM ListUsers example of the SigV4 guide.
struct SigV4SignerTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    static let secret = Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let suiteToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflf"
        + "KD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvl"
        + "Rd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4r"
        + "vx3iSIlTJabIQwj2ICCR/oLxBA=="

    static func signer(token: String? = nil, region: String = "us-east-1", service: String = "service") -> SigV4Signer {
        SigV4Signer(credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret,
                                                sessionToken: token.map(Secret.init)),
                    region: region, service: service)
    }

    static func authorization(_ signer: SigV4Signer, _ request: SigV4Signer.Request) -> String? {
        signer.signedHeaders(for: request, at: date).first { $0.name == "Authorization" }?.value
    }

    static func expected(_ signedHeaders: String, _ signature: String, region: String = "us-east-1",
                         service: String = "service") -> String {
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/\(region)/\(service)/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    @Test func getVanillaEmptyQueryKey() {
        let request = SigV4Signer.Request(method: "GET", host: "example.amazonaws.com", query: [FormField("Param1", "value1")])
        #expect(Self.authorization(Self.signer(), request)
            == Self.expected("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"))
    }

    @Test func getVanillaQueryOrderValue() {
        let request = SigV4Signer.Request(method: "GET", host: "example.amazonaws.com",
                                          query: [FormField("Param1", "value2"), FormField("Param1", "value1")])
        #expect(Self.authorization(Self.signer(), request)
            == Self.expected("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"))
    }

    @Test func postVanillaQuery() {
        let request = SigV4Signer.Request(method: "POST", host: "example.amazonaws.com", query: [FormField("Param1", "value1")])
        #expect(Self.authorization(Self.signer(), request)
            == Self.expected("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"))
    }

    @Test func postHeaderKeySort() {
        let request = SigV4Signer.Request(method: "POST", host: "example.amazonaws.com", headers: [HTTPHeader("My-Header1", "value1")])
        #expect(Self.authorization(Self.signer(), request)
            == Self.expected("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"))
    }

    @Test func postXWWWFormURLEncoded() {
        let request = SigV4Signer.Request(method: "POST", host: "example.amazonaws.com",
                                          headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                                          body: Array("Param1=value1".utf8))
        #expect(Self.authorization(Self.signer(), request)
            == Self.expected("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"))
    }

    @Test func postSTSHeaderBeforeSignsTheSessionToken() {
        let signer = Self.signer(token: Self.suiteToken)
        let request = SigV4Signer.Request(method: "POST", host: "example.amazonaws.com")
        let headers = signer.signedHeaders(for: request, at: Self.date)
        #expect(headers.first { $0.name == "Authorization" }?.value
            == Self.expected("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"))
        #expect(headers.first { $0.name == "X-Amz-Security-Token" }?.value == Self.suiteToken)
        #expect(headers.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        // The suite's string to sign ends with this hash of the canonical request.
        let canonical = signer.canonicalRequest(request, headers: signer.headersToSign(request, at: Self.date))
        #expect(signer.stringToSign(canonical.text, at: Self.date).hasSuffix("c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6"))
    }

    @Test func iamListUsersExampleOfTheSigningGuide() {
        let request = SigV4Signer.Request(method: "GET", host: "iam.amazonaws.com",
                                          query: [FormField("Action", "ListUsers"), FormField("Version", "2010-05-08")],
                                          headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        #expect(Self.authorization(Self.signer(service: "iam"), request)
            == Self.expected("content-type;host;x-amz-date", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", service: "iam"))
    }

    /// A GetClusterCredentials form POST with a session token, cross-checked with botocore's
    /// SigV4Auth (same key, token and time).
    @Test func redshiftFormPostMatchesBotocore() {
        let body = "Action=GetClusterCredentials&Version=2012-12-01&ClusterIdentifier=examplecluster&DbUser=alice"
            + "&DurationSeconds=900&AutoCreate=true&DbGroups.member.1=analysts"
        let request = SigV4Signer.Request(method: "POST", host: "redshift.us-west-2.amazonaws.com",
                                          headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                          body: Array(body.utf8))
        #expect(Self.authorization(Self.signer(token: Self.suiteToken, region: "us-west-2", service: "redshift"), request)
            == Self.expected("content-type;host;x-amz-date;x-amz-security-token",
                             "dd83464557164640fd788205821da8810a7f3a6b8da997414d77d0015faedac2", region: "us-west-2", service: "redshift"))
    }

    @Test func theSigningKeyOfTheGuideExample() {
        let key = SigV4Signer.signingKey(secret: Self.secret, dateStamp: "20150830", region: "us-east-1", service: "iam")
        #expect(Hex.string(key) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    }

    @Test func amzDatesAndISO8601Times() {
        #expect(UTCTime.amzDate(Self.date) == "20150830T123600Z")
        #expect(UTCTime.amzDate(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
        #expect(UTCTime.parseISO8601("2015-08-30T12:36:00Z") == Self.date)
        #expect(UTCTime.parseISO8601("2015-08-30T14:36:00+02:00") == Self.date)
        #expect(UTCTime.parseISO8601("2026-11-27T13:09:58.882129Z")?.timeIntervalSince1970.rounded() == 1_795_784_999)
        #expect(UTCTime.parseISO8601("2015-08-30") == nil)
        #expect(UTCTime.parseISO8601("2015-13-30T12:36:00Z") == nil)
        #expect(UTCTime.parseISO8601("2015-08-30T12:36:00") == nil)
    }
}
