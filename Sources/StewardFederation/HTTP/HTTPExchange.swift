import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// One request and its answer on an AsyncHTTPClient client, within a total time limit, the
/// answer body read as it arrives and dropped (the request aborted) once it passes the limit.
struct HTTPExchange: Sendable {
    /// What one hop sends. `url` may hold a secret (Okta's one-time token): never log it.
    struct Hop: Sendable {
        var url: String
        var method: HTTPRequest.Method
        var headers: [HTTPHeader]
        var body: [UInt8]
    }

    /// The answer, and its `Set-Cookie` values (all of them; `response.headers` keeps one).
    struct Answer: Sendable {
        var response: HTTPResponse
        var setCookies: [String]
    }

    let client: AsyncHTTPClient.HTTPClient
    /// The host for error messages.
    let host: String
    /// The CA bundle, named when it cannot be read.
    let caBundlePath: String?
    let responseLimit: Int

    /// Sends `hop` and reads its whole answer within `limit`. Cancelling the calling task aborts it.
    func run(_ hop: Hop, within limit: Duration) async throws(HTTPTransportError) -> Answer {
        let deadline = ContinuousClock.now + limit
        let outcome = await withTaskGroup(of: Result<Answer, HTTPTransportError>?.self) { group in
            group.addTask { await self.attempt(hop, deadline: .now() + TimeAmount(limit)) }
            group.addTask {
                // Also bounds reading the body, which AsyncHTTPClient's deadline does not cover.
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                } catch {
                    return nil
                }
                return .failure(.timedOut(host: host, detail: "no complete answer within \(limit)"))
            }
            let first = await group.first { $0 != nil } ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else { throw .cancelled(host: host) }
        return try outcome.get()
    }

    private func attempt(_ hop: Hop, deadline: NIODeadline) async -> Result<Answer, HTTPTransportError> {
        var request = HTTPClientRequest(url: hop.url)
        request.method = hop.method == .get ? .GET : .POST
        request.headers.add(name: "User-Agent", value: "steward-federation/1")
        for header in hop.headers { request.headers.add(name: header.name, value: header.value) }
        if hop.method == .post { request.body = .bytes(ByteBuffer(bytes: hop.body)) }
        do {
            let response = try await client.execute(request, deadline: deadline)
            if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > responseLimit {
                return .failure(.responseTooLarge(host: host, limit: responseLimit))
            }
            var body: [UInt8] = []
            for try await chunk in response.body {
                // Leaving the loop drops the stream, which aborts the request and its connection.
                guard body.count + chunk.readableBytes <= responseLimit else {
                    return .failure(.responseTooLarge(host: host, limit: responseLimit))
                }
                body += chunk.readableBytesView
            }
            var headers: [String: String] = [:]
            for (name, value) in response.headers { headers[name.lowercased()] = value }
            let answer = HTTPResponse(status: Int(response.status.code), headers: headers, body: body)
            return .success(Answer(response: answer, setCookies: response.headers["set-cookie"]))
        } catch {
            return .failure(HTTPTransportError(error, host: host, caBundlePath: caBundlePath, cancelled: Task.isCancelled))
        }
    }
}
