import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StewardReconciler
import StewardSpec
import StewardStore
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

    @Option(help: "Daemon config file (YAML).")
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: Logger.Level?

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
        let logger = CLILogging.logger(level: level)

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
        let settings: DaemonSettings
        do {
            settings = DaemonSettings(
                specDirectory: specDirectory, workers: workers ?? file.workers ?? 4,
                resyncInterval: try duration(resyncInterval, file.resyncInterval, "resyncInterval", default: .seconds(600)),
                backoff: Backoff(base: try duration(backoffBase, file.backoffBase, "backoffBase", default: .seconds(1)),
                                 cap: try duration(backoffCap, file.backoffCap, "backoffCap", default: .seconds(300))))
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }

        let handles: StateHandles
        do {
            handles = try StateHandles(directory)
        } catch {
            logger.critical("cannot start: \(error)")
            printError("\(error)")
            throw ExitCode(1)
        }
        defer { handles.lock.release() }

        let reconciler = IntegrationReconciler(store: handles.store, secrets: handles.secrets, logger: logger)
        let daemon = ReconcileDaemon(settings: settings, reconciler: reconciler, events: SilentDaemonEvents(), logger: logger)
        let reloads = HangupService(daemon: daemon)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: daemon), .init(service: reloads)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

/// Turns SIGHUP into `ReconcileDaemon.reload()`.
struct HangupService: Service {
    let daemon: ReconcileDaemon

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            daemon.reload()
        }
    }
}
