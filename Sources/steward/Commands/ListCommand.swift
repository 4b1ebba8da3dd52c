import ArgumentParser
import StewardStore

/// `steward list`: every integration, as the API's `GET /integrations` would list them.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List all integrations.")

    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        // Nothing recorded yet: an empty list (scripts poll `list` while a daemon starts), and
        // why on stderr; nothing is created.
        if state.config == nil, let missing = missingState(state) {
            printError(missing)
            Printer.printEmpty(format: output.output)
            return
        }
        let store = try await openExistingStore(state)
        let records: [IntegrationRecord]
        do {
            records = try await store.allRecords()
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        try Printer.print(records, format: output.output, single: false, store: store)
    }
}
