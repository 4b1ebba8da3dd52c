import ArgumentParser
import Foundation

/// Where Steward keeps its state: `--state-dir`, else `$STATE_DIRECTORY` (set by systemd's
/// `StateDirectory=`), else `/var/lib/steward`.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: "State directory (default: $STATE_DIRECTORY, else /var/lib/steward).")
    var stateDirectory: String?

    @Option(help: "The daemon's config file (YAML): with a store: section, the shared status database is read instead of the state directory's.")
    var config: String?

    /// The shared store the config file names, checked; nil without `--config` or a `store:` section.
    func sharedStore() throws -> SharedStoreSettings? {
        guard let config else { return nil }
        return try DaemonConfigFile.load(config).sharedStore(path: config)
    }

    var resolvedStateDirectory: URL {
        if let stateDirectory { return URL(fileURLWithPath: stateDirectory) }
        // systemd may list several directories separated by ':'; the first is Steward's.
        if let env = ProcessInfo.processInfo.environment["STATE_DIRECTORY"], let first = env.split(separator: ":").first {
            return URL(fileURLWithPath: String(first))
        }
        return URL(fileURLWithPath: "/var/lib/steward")
    }
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case table
}

struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: json (the API's shape) or table.")
    var output: OutputFormat = .json
}
