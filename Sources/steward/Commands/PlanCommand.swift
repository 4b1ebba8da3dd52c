import ArgumentParser
import Foundation
import StewardReconciler
import StewardSpec
import StewardStore

/// `steward plan FILE`: the SQL the daemon would run now against the live warehouse, without
/// running it. Uses the same planner as the daemon and the scripts.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the steps a reconcile of a spec would run now, without running them.")

    @Argument(help: "The spec file.")
    var file: String

    @OptionGroup var state: StateOptions

    func run() async throws {
        let base = (file as NSString).lastPathComponent
        guard case .spec(let name) = SpecFileName.classify(base) else {
            printError("\(file): not a spec file name; use NAME.yaml, NAME.yml or NAME.json with a lower-case NAME")
            throw ExitCode(2)
        }
        let spec: IntegrationSpec
        do {
            spec = try SpecParser.parse(fileAt: file)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let store = try openStore(state)
        let secrets: SecretFileStore
        do {
            secrets = try SecretFileStore(stateDirectory: state.resolvedStateDirectory)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let reconciler = IntegrationReconciler(store: store, secrets: secrets, logger: CLILogging.logger(level: .warning))
        let preview = await reconciler.plan(name: name, spec: spec)
        if let error = preview.error {
            printError("\(name): cannot plan: \(error)")
            throw ExitCode(1)
        }
        if preview.steps.isEmpty {
            print("-- \(name): nothing to do; the warehouse matches the spec")
            return
        }
        for step in preview.steps {
            print("-- \(step.description) [\(step.target == .initialDatabase ? "in \(spec.config.initialDatabase ?? "")" : "in \(spec.config.database)")]")
            for (index, value) in step.statement.parameters.enumerated() { print("-- $\(index + 1) = \(value ?? "NULL")") }
            print(step.statement.redactedText + ";\n")
        }
    }
}
