import ArgumentParser
import Foundation
import StewardReconciler
import StewardSpec
import StewardStore

/// `steward plan PATH`: the SQL the daemon would run now against the live warehouse, without
/// running it, for one spec file or every spec file of a folder. Uses the same planner as the
/// daemon and the scripts.
///
/// Exit status: 0 when every spec could be planned, 2 when a spec is invalid, 1 when a plan
/// failed (the warehouse could not be read). With `--exit-code`, for a pipeline gating a merge:
/// 0 nothing to do, 2 changes, 1 any error.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the steps a reconcile of a spec (or of every spec in a folder) would run now, without running them.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case sql, text, json
    }

    @Argument(help: "A spec file, or a folder whose spec files (NAME.yaml, NAME.yml, NAME.json) are all planned.")
    var path: String

    @Option(help: "sql: the statements, redacted; text: one line a step and a summary; json: for a pipeline.")
    var format: Format = .sql

    @Flag(help: "Exit 0 when there is nothing to do, 2 when there are changes, 1 on any error.")
    var exitCode = false

    @OptionGroup var state: StateOptions

    func run() async throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let files: [(name: String, file: String)]
        if exists && isFolder.boolValue {
            files = try Self.specFiles(in: path)
        } else {
            let base = (path as NSString).lastPathComponent
            guard case .spec(let name) = SpecFileName.classify(base) else {
                printError("\(path): not a spec file name; use NAME.yaml, NAME.yml or NAME.json with a lower-case NAME")
                throw ExitCode(2)
            }
            files = [(name, path)]
        }

        try refuseSharedStore(state, command: "plan")
        let store = try openStore(state)
        let secrets: SecretFileStore
        do {
            secrets = try SecretFileStore(stateDirectory: state.resolvedStateDirectory)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        let reconciler = IntegrationReconciler(store: store, secrets: secrets, logger: CLILogging.logger(level: .warning))
        var report = PlanReport()
        var invalid = false
        var seen: Set<String> = []
        for (name, file) in files {
            guard seen.insert(name).inserted else {
                invalid = true
                report.addError(name: name, file: file, "\(file): a second file for integration \(name); keep one of NAME.yaml, NAME.yml and NAME.json")
                continue
            }
            let spec: IntegrationSpec
            do {
                spec = try SpecParser.parse(fileAt: file)
            } catch {
                invalid = true
                report.addError(name: name, file: file, error.description)
                continue
            }
            let preview = await reconciler.plan(name: name, spec: spec)
            if let error = preview.error {
                report.addError(name: name, file: file, error)
                continue
            }
            report.add(name: name, file: file, steps: preview.steps) { step in
                (step.target == .initialDatabase ? spec.config.initialDatabase : spec.config.database) ?? ""
            }
        }

        switch format {
        case .sql:
            let (out, err) = report.sql(folder: isFolder.boolValue)
            if !err.isEmpty { printError(String(err.dropLast())) }
            print(out, terminator: "")
        case .text:
            print(report.text(colour: PlanReport.wantsColour()), terminator: "")
        case .json:
            print(try report.json())
        }
        if exitCode {
            let code = report.exitCode
            if code != 0 { throw ExitCode(code) }
        } else if invalid {
            throw ExitCode(2)
        } else if report.summary.errors > 0 {
            throw ExitCode(1)
        }
    }

    /// The spec files of `folder` by name (other files, as the daemon does, are not specs).
    static func specFiles(in folder: String) throws -> [(name: String, file: String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            printError("\(folder): cannot list the folder: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        return names.sorted().compactMap { base in
            guard case .spec(let name) = SpecFileName.classify(base) else { return nil }
            return (name, (folder as NSString).appendingPathComponent(base))
        }
    }
}
