import Foundation
import StewardSpec

/// AWS Signature Version 4 for header-signed requests (the Query APIs of STS and Redshift).
///
/// Follows AWS's "Create a signed AWS API request": canonical request, string to sign with the
/// credential scope `DATE/REGION/SERVICE/aws4_request`, the derived signing key, and the
/// `Authorization` header. The session token of temporary credentials is a signed header.
struct SigV4Signer: Sendable {
    static let algorithm = "AWS4-HMAC-SHA256"

    var credentials: AWSCredentials
    var region: String
    var service: String

    init(credentials: AWSCredentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// What is signed: the parts of a request that the canonical request covers.
    struct Request: Sendable {
        var method: String
        /// The `Host` header value (`host[:port]`).
        var host: String
        /// The path, not yet percent-encoded.
        var path: String
        var query: [FormField]
        /// Headers to send and sign besides `Host`, `X-Amz-Date` and `X-Amz-Security-Token`.
        var headers: [HTTPHeader]
        var body: [UInt8]

        init(method: String, host: String, path: String = "/", query: [FormField] = [],
                    headers: [HTTPHeader] = [], body: [UInt8] = []) {
            self.method = method
            self.host = host
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    /// The request's headers plus `Host`, `X-Amz-Date`, `X-Amz-Security-Token` (with temporary
    /// credentials) and `Authorization`, ready to send.
    func signedHeaders(for request: Request, at date: Date) -> [HTTPHeader] {
        let headers = headersToSign(request, at: date)
        let canonical = canonicalRequest(request, headers: headers)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope(at: date)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature(stringToSign(canonical.text, at: date), at: date))"
        return headers + [HTTPHeader("Authorization", authorization)]
    }

    /// `Host`, the request's own headers, `X-Amz-Date` and the session token.
    func headersToSign(_ request: Request, at date: Date) -> [HTTPHeader] {
        var headers = [HTTPHeader("Host", request.host)] + request.headers
        headers.append(HTTPHeader("X-Amz-Date", UTCTime.amzDate(date)))
        if let token = credentials.sessionToken {
            headers.append(HTTPHeader("X-Amz-Security-Token", token.unredacted))
        }
        return headers
    }

    /// The canonical request text and the `;`-joined signed header names.
    func canonicalRequest(_ request: Request, headers: [HTTPHeader]) -> (text: String, signedHeaders: String) {
        var byName: [String: [String]] = [:]
        for header in headers {
            byName[header.name.lowercased(), default: []].append(Self.normaliseValue(header.value))
        }
        let names = byName.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(byName[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let encoded: [FormField] = request.query.map {
            FormField(FormField.percentEncode($0.name), FormField.percentEncode($0.value))
        }
        let sorted = encoded.sorted { (left: FormField, right: FormField) -> Bool in
            left.name != right.name ? left.name < right.name : left.value < right.value
        }
        let query = sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let path = request.path.isEmpty ? "/" : FormField.percentEncode(request.path, keepSlash: true)
        let text = [request.method, path, query, canonicalHeaders, signedHeaders, SHA256.hexDigest(request.body)]
            .joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// `AWS4-HMAC-SHA256`, the time, the scope and the canonical request's hash.
    func stringToSign(_ canonicalRequest: String, at date: Date) -> String {
        [Self.algorithm, UTCTime.amzDate(date), scope(at: date), SHA256.hexDigest(of: canonicalRequest)]
            .joined(separator: "\n")
    }

    /// The hex HMAC of the string to sign under the derived key.
    func signature(_ stringToSign: String, at date: Date) -> String {
        let key = Self.signingKey(secret: credentials.secretAccessKey, dateStamp: Self.dateStamp(date),
                                  region: region, service: service)
        return Hex.string(HMACSHA256.authenticate(Array(stringToSign.utf8), key: key))
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func signingKey(secret: Secret, dateStamp: String, region: String, service: String) -> [UInt8] {
        var key = Array(("AWS4" + secret.unredacted).utf8)
        for part in [dateStamp, region, service, "aws4_request"] {
            key = HMACSHA256.authenticate(Array(part.utf8), key: key)
        }
        return key
    }

    func scope(at date: Date) -> String { "\(Self.dateStamp(date))/\(region)/\(service)/aws4_request" }

    static func dateStamp(_ date: Date) -> String { String(UTCTime.amzDate(date).prefix(8)) }

    /// Trimmed, with runs of spaces collapsed to one.
    private static func normaliseValue(_ value: String) -> String {
        value.trimmingWhitespace().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
