import ArgumentParser
import StewardReconciler

/// `steward script create FILE`.
struct CreateScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "The second script, run inside config.database: schemas, grants, ownership marker.")

    @Argument(help: "The spec file (autoBootstrap: false).")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let spec = try ScriptSpec(file: file)
        try printScript { () throws(ScriptError) in
            try ManualScripts(dialect: options.dialect).create(name: spec.name, spec: spec.spec, source: file)
        }
    }
}
