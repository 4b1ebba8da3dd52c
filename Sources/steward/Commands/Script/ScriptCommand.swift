import ArgumentParser
import StewardWarehouse

/// `steward script KIND ...`: the manual-setup scripts, as the product's
/// `/integrations/scripts/...` endpoints return them.
struct ScriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Print the SQL scripts for a manual setup (autoBootstrap: false).",
        discussion: """
            The scripts come from the same planner as the automatic setup. Run initial-create in \
            config.initialDatabase, then create inside config.database, then add the spec file: \
            Steward checks the result as the system account and reports enabled, or createError \
            naming what is missing and which script adds it.
            """,
        subcommands: [
            InitialCreateScriptCommand.self, CreateScriptCommand.self, EditScriptCommand.self,
            DeleteScriptCommand.self, CleanupScriptCommand.self,
        ])
}

extension DialectKind: ExpressibleByArgument {}
