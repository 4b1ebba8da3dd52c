import ArgumentParser
import StewardReconciler

/// `steward script edit NAME FILE`.
struct EditScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "The SQL that moves an integration from its last applied config to the edited spec file.")

    @Argument(help: "The integration's name.")
    var name: String

    @Argument(help: "The edited spec file (autoBootstrap: false).")
    var file: String

    @OptionGroup var options: ScriptOptions
    @OptionGroup var state: StateOptions

    func run() async throws {
        let spec = try ScriptSpec(file: file)
        guard spec.name == name else {
            printError("\(file): this file defines integration \(spec.name), not \(name).\n  fix: pass the file of integration \(name)")
            throw ExitCode(2)
        }
        let record = try await recordedIntegration(name, state: state)
        try printScript { () throws(ScriptError) in
            try ManualScripts(dialect: options.dialect).edit(record: record, spec: spec.spec, source: file)
        }
    }
}
