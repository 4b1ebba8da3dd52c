import ArgumentParser
import StewardReconciler

/// `steward script delete NAME`.
struct DeleteScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "The SQL that removes an integration that was created: impersonation role, managed database, system account.")

    @Argument(help: "The integration's name.")
    var name: String

    @OptionGroup var options: ScriptOptions
    @OptionGroup var state: StateOptions

    func run() async throws {
        let record = try await recordedIntegration(name, state: state)
        try printScript { () throws(ScriptError) in try ManualScripts(dialect: options.dialect).delete(record: record) }
    }
}
