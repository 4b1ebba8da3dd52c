import ArgumentParser

/// `steward script edit NAME FILE`.
struct EditScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "The SQL that moves an integration from its last applied config to the edited spec file.")

    @Argument(help: "The integration's name.")
    var name: String

    @Argument(help: "The edited spec file (autoBootstrap: false).")
    var file: String

    @OptionGroup var options: ScriptOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        let spec = try ScriptSpec(file: file, dialect: options.dialect)
        guard spec.name == name else {
            printError("\(file): this file defines integration \(spec.name), not \(name).\n  fix: pass the file of integration \(name)")
            throw ExitCode(2)
        }
        let recorded = try RecordedIntegration(name: name, state: state)
        let config = spec.spec.config
        let record = recorded.record
        if record.host.lowercased() != config.host.lowercased() || record.port != config.port || record.database != config.database {
            printError("""
                \(file): config.host, config.port and config.database cannot change on an existing integration \
                (recorded: \(record.host):\(record.port), database \(record.database)).
                  fix: restore them, or delete the integration (steward script delete \(name)) and create a new one
                """)
            throw ExitCode(2)
        }
        let old = try recorded.desiredState(dialect: options.dialect)
        let new = try spec.desiredState(file: file, previousRole: record.impersonationRole)
        try printScript { try spec.builder(options.dialect).edit(from: old, to: new, governance: spec.spec.governance) }
    }
}
