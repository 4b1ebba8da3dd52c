/// Sends one HTTP request. `FederationHTTPClient` is the implementation; the protocol lets the
/// daemon share one client (and its connection settings) between logins.
package protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse
}
