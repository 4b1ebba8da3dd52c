import Foundation
import Hummingbird

/// Responses with a JSON body, encoded as `steward get` prints (sorted keys, ISO 8601 dates).
enum JSONResponse {
    static func make<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try IntegrationView.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data + [UInt8(ascii: "\n")])))
    }

    /// The error's JSON body (encoding a plain struct of strings cannot fail; if it did, a fixed body).
    static func error(_ error: APIError) -> Response {
        (try? make(error.body, status: error.status)) ?? Response(
            status: error.status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"statusCode\":\(error.status.code),\"error\":\"\(error.status.reasonPhrase)\",\"message\":\"\"}\n")))
    }

    /// Plain text (the Prometheus exposition format, a script when asked for text).
    static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
