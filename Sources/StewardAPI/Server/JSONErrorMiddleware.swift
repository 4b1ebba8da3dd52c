import Hummingbird
import Logging
import NIOCore
import StewardSpec

/// Turns every failure into a JSON error body in the seed's shape: the API's own errors as they
/// are, Hummingbird's (no such route, method not allowed, body too large) with their status, and
/// anything else as a 500 that is logged but not described to the client.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.error(error)
        } catch is NIOTooManyBytesError {
            return JSONResponse.error(APIError(.contentTooLarge, Self.tooLarge))
        } catch let error as HTTPError {
            let message = error.body ?? Self.message(for: error.status, request: request)
            var response = JSONResponse.error(APIError(error.status, message))
            for field in error.headers where field.name != .contentType && field.name != .contentLength {
                response.headers.append(field)
            }
            return response
        } catch {
            logger.error("request failed", metadata: [
                "steward.event": "api-error", "steward.path": "\(request.uri.path)", "error": "\(error)",
            ])
            return JSONResponse.error(APIError(.internalServerError, "the request failed inside steward; see its log"))
        }
    }

    /// A body over `SpecParser.maximumFileSize`.
    static var tooLarge: String { "the body is larger than the limit of \(SpecParser.maximumFileSize >> 20) MiB (\(SpecParser.maximumFileSize) bytes); "
        + "a spec describes one integration and fits in a few hundred bytes" }

    static func message(for status: HTTPResponse.Status, request: Request) -> String {
        switch status {
        case .notFound: "no such endpoint: \(request.method) \(request.uri.path)"
        case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)"
        case .contentTooLarge: tooLarge
        default: status.reasonPhrase
        }
    }
}
