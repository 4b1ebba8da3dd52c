import ArgumentParser

/// `steward`: keeps Redshift access-governance integrations in the state a folder of YAML
/// specs describes.
@main
struct Steward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Keep Amazon Redshift governance integrations in the state their spec files describe.",
        discussion: """
            Each spec file describes one integration (the body of the /integrations API). \
            `steward run` is the daemon; the other commands inspect and operate it.
            """,
        version: StewardVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ApplyCommand.self, GetCommand.self, ListCommand.self, HistoryCommand.self, PlanCommand.self,
            StatusCommand.self, ScriptCommand.self, AccessCommand.self, SchemaCommand.self,
        ]
    )
}

enum StewardVersion {
    static let current = "0.1.0"
}
