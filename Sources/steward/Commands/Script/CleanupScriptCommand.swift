import ArgumentParser
import StewardReconciler

/// `steward script cleanup FILE`.
struct CleanupScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove whatever a failed manual creation left behind.")

    @Argument(help: "The spec file the failed creation used.")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let spec = try ScriptSpec(file: file)
        try printScript { () throws(ScriptError) in
            try ManualScripts(dialect: options.dialect).cleanup(name: spec.name, spec: spec.spec, source: file)
        }
    }
}
