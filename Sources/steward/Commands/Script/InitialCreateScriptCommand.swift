import ArgumentParser

/// `steward script initial-create FILE`.
struct InitialCreateScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initial-create",
        abstract: "The first script, run in config.initialDatabase: managed database, system account, impersonation role.")

    @Argument(help: "The spec file (autoBootstrap: false).")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let spec = try ScriptSpec(file: file, dialect: options.dialect)
        let desired = try spec.desiredState(file: file)
        try printScript { try spec.builder(options.dialect).initialCreate(desired) }
    }
}
