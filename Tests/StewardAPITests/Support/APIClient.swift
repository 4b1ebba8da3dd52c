import Foundation
import StewardTestSupport

/// One HTTP exchange with the API, made with the real `curl` (TCP, TLS or a unix socket).
struct HTTPExchange {
    var status: Int
    var body: String
    var headers: String

    /// The body as a JSON object (fails the test's expectation when it is not one).
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
    var array: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? [] }
    var message: String { object["message"] as? String ?? "" }
}

/// A client of one listener of the API.
struct APIClient: Sendable {
    /// `http://127.0.0.1:PORT` or `https://...`; for a unix socket, `http://localhost`.
    var base: String
    var unixSocket: String?
    /// The `Authorization` header value, if any.
    var authorization: String?
    /// A CA certificate to trust (TLS).
    var caCertificate: String?

    func with(authorization: String?) -> APIClient {
        var copy = self
        copy.authorization = authorization
        return copy
    }

    @discardableResult
    func request(_ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
                 accept: String = "application/json") throws -> HTTPExchange {
        let dir = try TemporaryDirectory("steward-curl")
        defer { dir.remove() }
        var arguments = ["-sS", "-X", method, "-o", dir.file("body"), "-D", dir.file("headers"), "-w", "%{http_code}",
                         "--max-time", "60", "-H", "accept: \(accept)"]
        if let authorization { arguments += ["-H", "Authorization: \(authorization)"] }
        if let body {
            arguments += ["-H", "Content-Type: \(contentType)", "--data-binary", "@" + (try dir.write("request", body))]
        }
        if let unixSocket { arguments += ["--unix-socket", unixSocket] }
        if let caCertificate { arguments += ["--cacert", caCertificate] }
        arguments.append(base + path)
        let result = try Subprocess.run("/usr/bin/curl", arguments)
        guard result.status == 0, let status = Int(result.stdout) else {
            throw TestSupportError("curl \(method) \(path) failed (\(result.status)): \(result.stderr)")
        }
        return HTTPExchange(status: status, body: (try? String(contentsOfFile: dir.file("body"), encoding: .utf8)) ?? "",
                            headers: (try? String(contentsOfFile: dir.file("headers"), encoding: .utf8)) ?? "")
    }
}
