import ArgumentParser
import Foundation
import StewardReconciler
import StewardSpec
import StewardStore
import StewardWarehouse

/// A manual-setup spec file read for a script: its integration name and the parsed spec.
struct ScriptSpec {
    let file: String
    let name: String
    let spec: IntegrationSpec

    /// Reads and checks `file`; errors name the file, the field and the fix, and exit with 2.
    init(file: String) throws {
        let base = (file as NSString).lastPathComponent
        guard case .spec(let name) = SpecFileName.classify(base) else {
            printError("\(file): not a spec file name; use NAME.yaml, NAME.yml or NAME.json with a lower-case NAME")
            throw ExitCode(2)
        }
        let spec: IntegrationSpec
        do {
            spec = try SpecParser.parse(fileAt: file)
            try ManualScripts.requireManual(spec, source: file)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        self.file = file
        self.name = name
        self.spec = spec
    }
}

/// The recorded integration named `name`; exits with 2 and a fix when it is not there.
func recordedIntegration(_ name: String, state: StateOptions) async throws -> IntegrationRecord {
    try refuseSharedStore(state, command: "script")
    let store = try openStore(state)
    let found: IntegrationRecord?
    do {
        found = try await store.record(named: name)
    } catch {
        printError("\(error)")
        throw ExitCode(2)
    }
    guard let found else {
        printError("""
            No Integration found with ID \(name).
              fix: give the name of an integration steward has recorded (`steward list`), or pass --state-dir
            """)
        throw ExitCode(2)
    }
    return found
}

/// Prints a script, or the reason it cannot be written (exit 1 when a value cannot be written
/// as SQL, else 2).
func printScript(_ make: () throws(ScriptError) -> SetupScript) throws {
    do {
        print(try make().render(), terminator: "")
    } catch let error as ScriptError {
        printError(error.description)
        throw ExitCode(error.kind == .cannotRender ? 1 : 2)
    } catch {
        printError("cannot write the script: \(error)")
        throw ExitCode(1)
    }
}
