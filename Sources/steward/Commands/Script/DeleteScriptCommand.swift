import ArgumentParser
import StewardReconciler

/// `steward script delete NAME`.
struct DeleteScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "The SQL that removes an integration that was created: impersonation role, managed database, system account.")

    @Argument(help: "The integration's name.")
    var name: String

    @OptionGroup var options: ScriptOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        let record = try recordedIntegration(name, state: state)
        try printScript { () throws(ScriptError) in try ManualScripts(dialect: options.dialect).delete(record: record) }
    }
}
