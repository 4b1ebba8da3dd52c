import ArgumentParser
import StewardReconciler

/// `steward script initial-create FILE`.
struct InitialCreateScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initial-create",
        abstract: "The first script, run in config.initialDatabase: managed database, system account, impersonation role.")

    @Argument(help: "The spec file (autoBootstrap: false).")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let spec = try ScriptSpec(file: file)
        try printScript { () throws(ScriptError) in
            try ManualScripts(dialect: options.dialect).initialCreate(name: spec.name, spec: spec.spec, source: file)
        }
    }
}
