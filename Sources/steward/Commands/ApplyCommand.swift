import ArgumentParser
import Foundation
import Logging
import StewardReconciler
import StewardSpec
import StewardStore

/// `steward apply FILE`: reconciles one spec once, as the daemon would, and prints the result.
/// Exits 0 only when the integration ends `enabled`.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Reconcile one spec file once and print the integration.",
        discussion: "Refuses to run while a daemon uses the same state directory.")

    @Argument(help: "The spec file. Its name (without .yaml/.yml/.json) is the integration's name.")
    var file: String

    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Log level on stderr.")
    var logLevel: Logger.Level = .notice

    func run() async throws {
        let base = (file as NSString).lastPathComponent
        let name: String
        switch SpecFileName.classify(base) {
        case .spec(let specName): name = specName
        case .invalid(let reason):
            printError("\(file): \(reason)")
            throw ExitCode(2)
        case .ignored:
            printError("\(file): not a spec file name; use NAME.yaml, NAME.yml or NAME.json with a lower-case NAME")
            throw ExitCode(2)
        }
        guard FileManager.default.fileExists(atPath: file) else {
            printError("\(file): no such file")
            throw ExitCode(2)
        }
        try refuseSharedStore(state, command: "apply")
        let handles: StateHandles
        do {
            handles = try StateHandles(state.resolvedStateDirectory)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        defer { handles.lock.release() }
        let reconciler = IntegrationReconciler(store: handles.store, secrets: handles.secrets, logger: CLILogging.logger(level: logLevel))
        let report = await reconciler.reconcile(name: name, location: .file(path: file))
        guard let record = report.record else {
            printError(report.message ?? "nothing was recorded")
            throw ExitCode(1)
        }
        try Printer.print([record], format: output.output, single: true, store: handles.store)
        if record.status != .enabled { throw ExitCode(1) }
    }
}
