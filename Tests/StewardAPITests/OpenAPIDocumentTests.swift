import Foundation
import Logging
import StewardReconciler
import StewardStore
import StewardTestSupport
import Testing
@testable import StewardAPI

/// The OpenAPI document served at /openapi.json describes every route the server registers, and
/// nothing it does not.
@Suite struct OpenAPIDocumentTests {
    static func routes(local: Bool) throws -> Set<String> {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = URL(fileURLWithPath: dir.file("state"))
        let store = try StatusStore(stateDirectory: state)
        let logger = Logger(label: "test")
        let reconciler = IntegrationReconciler(store: store, secrets: try SecretFileStore(stateDirectory: state), logger: logger)
        let service = try IntegrationService(store: store, reconciler: reconciler, specDirectory: dir.path, logger: logger)
        let keys = try APIKeys(source: .file(path: try dir.write("keys", "0123456789abcdef0123\n")), environment: [:])
        let router = APIRoutes(service: service, metrics: APIMetrics(), keys: keys, logger: logger).router(local: local)
        return Set(router.routes.map { "\($0.method.rawValue) \(Self.normalized("\($0.path)"))" })
    }

    /// `/integrations/{id}` whatever the router's own spelling of a capture.
    static func normalized(_ path: String) -> String {
        let parts = path.split(separator: "/").map { part -> String in
            if part.hasPrefix(":") { return "{\(part.dropFirst())}" }
            if part.hasPrefix("${") { return "{\(part.dropFirst(2).dropLast())}" }
            return String(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func documented() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in ["get", "put", "post", "delete", "patch", "head", "options"] where item[method] != nil {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let documented = try Self.documented()
        for local in [true, false] {
            let registered = try Self.routes(local: local)
            #expect(registered.count >= 15)
            #expect(registered.subtracting(documented).isEmpty, "not in openapi.json: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not served: \(documented.subtracting(registered).sorted())")
        }
    }

    @Test func theServedDocumentIsTheFileInTheRepository() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/StewardAPI/Resources/openapi.json")
        #expect(try Data(contentsOf: file) == Data(OpenAPIDocument.bytes))
    }
}
