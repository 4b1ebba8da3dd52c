import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StewardAPI
import StewardReconciler
import StewardSpec
import StewardStore
import StewardSystemd
import UnixSignals

/// `steward run`: the daemon. Watches the spec folder and keeps every integration converged until
/// SIGTERM or SIGINT; SIGHUP rescans everything.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the reconciliation daemon.",
        discussion: "Settings come from --config (YAML), then flags; flags win.")

    @Option(help: "The folder of spec files (default /etc/steward/integrations.d).")
    var specDir: String?

    @Option(name: .customLong("state-dir"), help: "State directory (default: $STATE_DIRECTORY, else /var/lib/steward).")
    var stateDir: String?

    @Option(help: "Parallel workers (default 4).")
    var workers: Int?

    @Option(help: "Full rescan and drift check interval, e.g. 10m (default 10m, ±10 % jitter).")
    var resyncInterval: DurationText?

    @Option(help: "First retry delay after a transient failure (default 1s).")
    var backoffBase: DurationText?

    @Option(help: "Longest retry delay (default 5m).")
    var backoffCap: DurationText?

    @Option(help: "How long a spec file must stay gone before its integration is deleted, e.g. 5s (default 5s; 0 acts at once).")
    var removalGrace: DurationText?

    @Option(help: "Daemon config file (YAML).")
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: Logger.Level?

    @Option(help: "Log output: text or json on stderr, or journal (default: the journal under systemd, else text).")
    var logFormat: LogOutput?

    @Option(help: .hidden)
    var stallLimit: DurationText?

    @OptionGroup(title: "HTTP API")
    var api: APIOptions

    @OptionGroup(title: "Shared status store (several hosts)")
    var store: StoreOptions

    func validate() throws {
        if let workers, workers < 1 || workers > 64 { throw ValidationError("--workers must be between 1 and 64") }
    }

    func run() async throws {
        let file: DaemonConfigFile
        do {
            file = try config.map(DaemonConfigFile.load) ?? DaemonConfigFile()
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let level = logLevel ?? file.logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .info
        let output = logFormat ?? file.logFormat.flatMap(LogOutput.init(rawValue:))
        let logger = CLILogging.logger(level: level, output: output)

        let specDirectory = specDir ?? file.specDir ?? "/etc/steward/integrations.d"
        var state = StateOptions()
        state.stateDirectory = stateDir ?? file.stateDir
        let directory = state.resolvedStateDirectory
        func duration(_ flag: DurationText?, _ text: String?, _ name: String, default value: Duration) throws -> Duration {
            if let flag { return flag.duration }
            guard let text else { return value }
            guard let parsed = DurationText(argument: text) else {
                throw ConfigFileError("\(config ?? "config"): \(name): \"\(text)\" is not a duration; use e.g. 30s, 10m, 1h")
            }
            return parsed.duration
        }
        var settings: DaemonSettings
        let apiSettings: APISettings?
        do {
            apiSettings = try api.settings(file: file.api)
            settings = DaemonSettings(
                specDirectory: specDirectory, workers: workers ?? file.workers ?? 4,
                resyncInterval: try duration(resyncInterval, file.resyncInterval, "resyncInterval", default: .seconds(600)),
                backoff: Backoff(base: try duration(backoffBase, file.backoffBase, "backoffBase", default: .seconds(1)),
                                 cap: try duration(backoffCap, file.backoffCap, "backoffCap", default: .seconds(300))),
                stallLimit: stallLimit?.duration ?? .seconds(900),
                removalGrace: try duration(removalGrace, file.removalGrace, "removalGrace", default: .seconds(5)))
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }

        let shared: SharedStoreSettings?
        do {
            shared = try store.section(over: file.store).map { section throws(ConfigFileError) in
                try SharedStoreSettings(section, file: config ?? "the command line")
            }
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let handles: StateHandles
        do {
            handles = try await StateHandles.open(directory, shared: shared, logger: logger)
        } catch {
            logger.critical("cannot start: \(error)")
            printError("\(error)")
            throw ExitCode(1)
        }
        defer { handles.lock.release() }

        let reconciler = IntegrationReconciler(store: handles.store, secrets: handles.secrets, logger: logger)
        #if STEWARD_FAULT_HOOKS
        settings.faultWedgeIntegration = ProcessInfo.processInfo.environment["STEWARD_FAULT_WEDGE"]
        #endif
        // One registry for the process: the daemon writes to it through the factory it is given,
        // Hummingbird's MetricsMiddleware through swift-metrics' global system.
        let metrics = APIMetrics()
        metrics.bootstrapGlobalSystem()
        let httpAPI: HTTPAPI?
        do {
            httpAPI = try apiSettings.map {
                try HTTPAPI(settings: $0, handles: handles, reconciler: reconciler, specDirectory: specDirectory, metrics: metrics, logger: logger)
            }
        } catch {
            logger.critical("cannot start the HTTP API: \(error)")
            printError("\(error)")
            throw ExitCode(2)
        }
        let watchdog = WatchdogSettings.current()
        let daemon = ReconcileDaemon(settings: settings, reconciler: reconciler,
                                     events: DaemonEventsGroup([SystemdDaemonEvents()] + (httpAPI?.events ?? [])),
                                     heartbeatInterval: watchdog?.pingInterval, metricsFactory: metrics.factory,
                                     leadership: handles.leadership, leases: handles.leases,
                                     folders: (handles.store as? SharedStatusStore)?.folders, logger: logger)
        let configPath = config
        let runningWorkers = settings.workers
        let reloads = HangupService(daemon: daemon) {
            // The config file is read again so that mistakes show up now; settings that shape
            // the running daemon (folders, workers, intervals) take effect at the next restart.
            if let keys = httpAPI?.keys {
                do {
                    try keys.reload()
                } catch {
                    logger.error("the API keys cannot be read again; keeping the keys in force", metadata: [
                        "steward.event": "reload", "error": "\(error)"])
                }
            }
            guard let configPath else { return }
            do {
                let fresh = try DaemonConfigFile.load(configPath)
                if fresh.specDir.map({ $0 != specDirectory }) ?? false || fresh.workers.map({ $0 != runningWorkers }) ?? false {
                    logger.warning("the config file changed settings that need a restart (systemctl restart steward)",
                                   metadata: ["steward.event": "reload", "steward.config": "\(configPath)"])
                }
            } catch {
                logger.error("the config file is invalid; keeping the running settings", metadata: [
                    "steward.event": "reload", "error": "\(error)"])
            }
        }
        let apiServices: [ServiceGroupConfiguration.ServiceConfiguration]
        do {
            apiServices = try httpAPI?.services(daemon: daemon, logger: logger) ?? []
        } catch {
            logger.critical("cannot start the HTTP API: \(error)")
            printError("\(error)")
            throw ExitCode(2)
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: daemon), .init(service: reloads)] + apiServices,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

/// Turns SIGHUP into a re-read of the config file and `ReconcileDaemon.reload()`.
struct HangupService: Service {
    let daemon: ReconcileDaemon
    let rereadConfig: @Sendable () -> Void

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            rereadConfig()
            daemon.reload()
        }
    }
}
