import ArgumentParser

/// `steward script create FILE`.
struct CreateScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "The second script, run inside config.database: schemas, grants, ownership marker.")

    @Argument(help: "The spec file (autoBootstrap: false).")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let spec = try ScriptSpec(file: file, dialect: options.dialect)
        let desired = try spec.desiredState(file: file)
        try printScript { try spec.builder(options.dialect).create(desired, governance: spec.spec.governance) }
    }
}
