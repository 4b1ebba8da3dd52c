import ArgumentParser
import Foundation
import StewardSpec

/// `steward validate FILE...`: checks spec files without touching anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check spec files and report every problem with its field path.")

    @Argument(help: "Spec files (.yaml, .yml or .json).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one spec file") }
    }

    func run() throws {
        var failed = false
        for file in files {
            let base = (file as NSString).lastPathComponent
            var problems: [String] = []
            if case .invalid(let reason) = SpecFileName.classify(base) { problems.append("\(file): \(reason)") }
            do {
                let spec = try SpecParser.parse(fileAt: file)
                if let exposed = InlinePasswordExposure.warning(for: spec, fileAt: file) {
                    printError("\(file): warning: \(exposed)")
                }
            } catch {
                problems.append(error.description)
            }
            if problems.isEmpty {
                print("\(file): ok")
            } else {
                failed = true
                printError(problems.joined(separator: "\n"))
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
