import ArgumentParser
import StewardWarehouse

/// Options every script takes.
struct ScriptOptions: ParsableArguments {
    @Option(help: "SQL dialect: redshift (the default) or postgresql (for testing on PostgreSQL).")
    var dialect: DialectKind = .redshift
}
