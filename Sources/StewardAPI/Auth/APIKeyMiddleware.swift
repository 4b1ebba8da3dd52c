import Hummingbird

/// Lets a request through only with a valid API key in `Authorization` (the key itself, as the
/// seed sends it, or `Bearer KEY`); otherwise `401` with a JSON body.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: APIKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization]
        guard keys.accepts(authorization: header) else {
            var response = JSONResponse.error(APIError(.unauthorized, header == nil
                ? "this request needs an API key in the Authorization header"
                : "the API key in the Authorization header is not valid"))
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
