import Foundation
import ArgumentParser
import StewardStore

/// `steward get NAME|ID`: one integration in the API's GET shape.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show one integration (secrets redacted).")

    @Argument(help: "The integration's name or id.")
    var nameOrID: String

    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let store = try await openExistingStore(state)
        let record = try await lookUp(nameOrID, in: store)
        try Printer.print([record], format: output.output, single: true, store: store)
        if let warning = await SharedStoreReport.disagreement(about: record.name, in: store) { printError(warning) }
    }
}

/// Opens the store for the commands that only read it (`get`, `history`, `status`): with
/// `--config` naming a shared store, that database, read only (any host answers, leader or
/// not); otherwise the state directory's, where a missing directory or database is said so
/// (exit 2), never created, and an existing one is opened read-only
/// (`StatusStore.openForReading`), so a busy daemon does not slow the answer.
func openExistingStore(_ state: StateOptions) async throws -> any StatusStoring {
    do {
        if let shared = try state.sharedStore() {
            return try await SharedStatusStore.open(parameters: shared.parameters, stateDirectory: state.resolvedStateDirectory, writer: nil)
        }
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
    if let missing = missingState(state) {
        printError(missing)
        throw ExitCode(2)
    }
    do {
        return try StatusStore.openForReading(stateDirectory: state.resolvedStateDirectory)
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
}

/// Refuses `--config` naming a shared store for a command that writes on its own (`apply`,
/// `plan`, the scripts): with a shared store, only the leading daemon writes.
func refuseSharedStore(_ state: StateOptions, command: String) throws {
    let shared: SharedStoreSettings?
    do {
        shared = try state.sharedStore()
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
    guard shared == nil else {
        printError("steward \(command) works on a state directory of its own; with a shared status store only the leading daemon writes. "
                   + "Fix: put the spec file in the spec folder of the hosts, or run without --config")
        throw ExitCode(2)
    }
}

/// Why there is no store to read in the state directory (nil: there is one). Looks only:
/// creates nothing.
func missingState(_ state: StateOptions) -> String? {
    let directory = state.resolvedStateDirectory.path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
        return "the state directory \(directory) does not exist, so nothing is recorded there. "
            + "Fix: give the daemon's state directory with --state-dir (or STATE_DIRECTORY); nothing was created"
    }
    guard FileManager.default.fileExists(atPath: directory + "/steward.sqlite") else {
        return "the state directory \(directory) holds no status database (steward.sqlite): no steward has recorded anything there. "
            + "Fix: check --state-dir, or start the daemon (steward run) first; nothing was created"
    }
    return nil
}

/// The integration called `nameOrID` (an id first, then a name); a missing one is exit 1, a
/// store failure exit 2, each with its message.
func lookUp(_ nameOrID: String, in store: any StatusStoring) async throws -> IntegrationRecord {
    let record: IntegrationRecord?
    do {
        record = try await lookUpRecord(nameOrID, in: store)
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

/// The record with id `nameOrID`, else the one named `nameOrID`, as `steward get` accepts both.
func lookUpRecord(_ nameOrID: String, in store: any StatusStoring) async throws(StoreError) -> IntegrationRecord? {
    if let id = Int64(nameOrID), let record = try await store.record(id: id) { return record }
    return try await store.record(named: nameOrID)
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
