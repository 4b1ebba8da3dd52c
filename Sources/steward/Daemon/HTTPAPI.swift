import Foundation
import Logging
import ServiceLifecycle
import StewardAPI
import StewardReconciler
import StewardStore

/// The HTTP API inside `steward run`: its keys, its view of the integrations, its metrics, and
/// its listeners once the daemon exists.
struct HTTPAPI {
    let settings: APISettings
    let keys: APIKeys
    let service: IntegrationService
    let metrics: APIMetrics

    init(settings: APISettings, handles: StateHandles, reconciler: IntegrationReconciler, specDirectory: String, metrics: APIMetrics,
         logger: Logger) throws {
        self.settings = settings
        keys = try APIKeys(source: settings.keys, environment: ProcessInfo.processInfo.environment,
                           protectedState: handles.store.stateDirectory.path)
        service = try IntegrationService(store: handles.store, reconciler: reconciler, specDirectory: specDirectory, logger: logger)
        self.metrics = metrics
    }

    /// What the API needs to hear from the daemon: when request passwords can go.
    var events: [any DaemonEvents] { [RequestSecretSweeper(service: service)] }

    /// The listeners, once the daemon runs.
    func services(daemon: ReconcileDaemon, logger: Logger) throws -> [ServiceGroupConfiguration.ServiceConfiguration] {
        service.attach(daemon)
        let routes = APIRoutes(service: service, metrics: metrics, keys: keys, logger: logger)
        return try APIServer.services(settings: settings, routes: routes, logger: logger).map { .init(service: $0) }
    }
}
