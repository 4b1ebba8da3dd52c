/// The answer to an `HTTPRequest` (after any followed redirects).
package struct HTTPResponse: Sendable {
    /// The HTTP status code.
    package var status: Int
    /// Response headers with lower-cased names (a repeated header keeps its last value).
    package var headers: [String: String]
    package var body: [UInt8]

    package init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (invalid sequences replaced).
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// True for 2xx.
    package var isSuccess: Bool { (200..<300).contains(status) }
}
