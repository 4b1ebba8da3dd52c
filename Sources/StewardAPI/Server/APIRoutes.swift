import Foundation
import Hummingbird
import Logging
import StewardReconciler
import StewardSpec
import StewardWarehouse

/// Every route of the API, for one listener.
///
/// | route | key |
/// |---|---|
/// | `GET /healthz`, `GET /openapi.json` | never |
/// | `GET /readyz`, `GET /metrics` | only on listeners reachable from other machines (TLS) |
/// | `/integrations...` | always |
///
/// Every request is counted and timed by Hummingbird's `MetricsMiddleware` (`hb_requests`,
/// `hb_request_errors`, `http_server_request_duration`, `http_server_active_requests`, labelled
/// by route pattern, method and status), inside the JSON error middleware so that it sees the
/// errors routes throw.
package struct APIRoutes: Sendable {
    package let service: IntegrationService
    package let metrics: APIMetrics
    package let keys: APIKeys
    let logger: Logger

    package init(service: IntegrationService, metrics: APIMetrics, keys: APIKeys, logger: Logger) {
        self.service = service
        self.metrics = metrics
        self.keys = keys
        self.logger = logger
    }

    /// The router of one listener; `local` listeners (unix socket, loopback) serve `/readyz` and
    /// `/metrics` without a key. `/readyz` answers from the daemon's readiness.
    package func router(local: Bool) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware(logger: logger))
        router.add(middleware: MetricsMiddleware())
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        let operations = router.group()
        if !local { operations.add(middleware: APIKeyMiddleware(keys: keys)) }
        operations.get("/readyz") { _, _ in try readiness() }
        operations.get("/metrics") { _, _ in await metricsText() }

        let api = router.group("/integrations").add(middleware: APIKeyMiddleware(keys: keys))
        addIntegrationRoutes(api)
        addScriptRoutes(api)
        return router
    }

    func addIntegrationRoutes(_ api: RouterGroup<BasicRequestContext>) {
        api.get { _, _ in try await JSONResponse.make(try service.all()) }
        api.post { request, _ in
            let body = try await Self.body(request)
            return try JSONResponse.make(try await service.create(body: body, requestedName: Self.query(request, "name")))
        }
        api.get("/{id}") { _, context in try await JSONResponse.make(try service.view(try Self.id(context))) }
        api.get("/{id}/status") { _, context in try await JSONResponse.make(try service.status(try Self.id(context))) }
        api.get("/{id}/access") { request, context in
            try await JSONResponse.make(try service.access(try Self.id(context), user: Self.query(request, "user"), dataSource: Self.query(request, "dataSource")))
        }
        api.put("/{id}") { request, context in
            let body = try await Self.body(request)
            return try JSONResponse.make(try await service.update(try Self.id(context), body: body))
        }
        api.delete("/{id}") { request, context in
            let body = try await Self.body(request)
            return try JSONResponse.make(try await service.delete(try Self.id(context), body: body))
        }
    }

    func addScriptRoutes(_ api: RouterGroup<BasicRequestContext>) {
        let scripts = ScriptEndpoints(service: service)
        for kind in [SetupScriptKind.initialCreate, .create, .cleanup] {
            api.post("/scripts/\(kind.rawValue)") { request, _ in
                let body = try await Self.body(request)
                let dialect = try Self.dialect(request)
                let answer = try scripts.fromSpec(kind, body: body, requestedName: Self.query(request, "name"), dialect: dialect)
                return try Self.script(answer, request: request)
            }
        }
        for kind in [SetupScriptKind.edit, .delete] {
            api.post("/{id}/scripts/\(kind.rawValue)") { request, context in
                let body = try await Self.body(request)
                let answer = try await scripts.fromRecord(kind, id: try Self.id(context), body: body, dialect: try Self.dialect(request))
                return try Self.script(answer, request: request)
            }
        }
    }

    func readiness() throws -> Response {
        guard service.daemon?.isReady ?? false else {
            throw APIError(.serviceUnavailable, "not ready: the store is opening or the first scan is running, or steward is stopping")
        }
        return try JSONResponse.make(["status": "ready"])
    }

    /// The registry as swift-prometheus renders it, after the daemon brought its scrape-time
    /// gauges up to date.
    func metricsText() async -> Response {
        await service.daemon?.refreshMetrics()
        return JSONResponse.text(metrics.render(), contentType: APIMetrics.contentType)
    }

    // MARK: - Request pieces

    /// The body, at most as large as a spec file may be (413 beyond).
    static func body(_ request: Request) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: SpecParser.maximumFileSize)
        return Data(buffer.readableBytesView)
    }

    static func id(_ context: BasicRequestContext) throws(APIError) -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw APIError(.badRequest, "the integration id is missing") }
        return id
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    /// `?dialect=redshift` (the default) or `postgresql`.
    static func dialect(_ request: Request) throws(APIError) -> DialectKind {
        guard let text = query(request, "dialect") else { return .redshift }
        guard let dialect = DialectKind(rawValue: text) else {
            throw APIError(.badRequest, "dialect: expected redshift or postgresql, got \(text)")
        }
        return dialect
    }

    /// JSON, or the SQL alone when the client asks for text and not JSON.
    static func script(_ answer: ScriptResponse, request: Request) throws -> Response {
        let accept = request.headers[.accept] ?? ""
        if !accept.contains("json") && (accept.contains("text/plain") || accept.contains("application/sql")) {
            return JSONResponse.text(answer.script, contentType: "text/plain; charset=utf-8")
        }
        return try JSONResponse.make(answer)
    }
}
