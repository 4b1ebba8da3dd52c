import ArgumentParser

/// `steward script cleanup FILE`.
struct CleanupScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove whatever a failed manual creation left behind.")

    @Argument(help: "The spec file the failed creation used.")
    var file: String

    @OptionGroup var options: ScriptOptions

    func run() throws {
        let spec = try ScriptSpec(file: file, dialect: options.dialect)
        let desired = try spec.desiredState(file: file)
        try printScript { spec.builder(options.dialect).cleanup(desired) }
    }
}
