import ArgumentParser
import StewardWarehouse

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
        let recorded = try RecordedIntegration(name: name, state: state)
        let desired = try recorded.desiredState(dialect: options.dialect)
        let builder = SetupScriptBuilder(dialect: options.dialect, server: recorded.server, initialDatabase: recorded.initialDatabase)
        try printScript {
            builder.delete(integrationName: name, database: desired.database, systemUser: desired.systemUser,
                           roles: [desired.impersonationRole].compactMap { $0 },
                           existingDatabase: recorded.applied?.config.existingDatabase == true)
        }
    }
}
