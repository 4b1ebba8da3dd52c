import ArgumentParser
import StewardStore

/// `steward get NAME|ID`: one integration in the API's GET shape.
struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show one integration (secrets redacted).")

    @Argument(help: "The integration's name or id.")
    var nameOrID: String

    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try openStore(state)
        let record = try lookUp(nameOrID, in: store)
        try Printer.print([record], format: output.output, single: true, store: store)
    }
}

/// The integration called `nameOrID` (an id first, then a name); a missing one is exit 1, a
/// store failure exit 2, each with its message.
func lookUp(_ nameOrID: String, in store: StatusStore) throws -> IntegrationRecord {
    let record: IntegrationRecord?
    do {
        record = try Int64(nameOrID).flatMap { try store.record(id: $0) } ?? store.record(named: nameOrID)
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
    guard let record else {
        printError("No Integration found with ID \(nameOrID).")
        throw ExitCode(1)
    }
    return record
}

/// Opens the store for reading commands, turning errors into a clear message and exit code 2.
func openStore(_ state: StateOptions) throws -> StatusStore {
    do {
        return try StatusStore(stateDirectory: state.resolvedStateDirectory)
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
}
