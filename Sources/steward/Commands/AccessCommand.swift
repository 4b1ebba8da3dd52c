import ArgumentParser
import Foundation
import StewardAPI
import StewardSpec
import StewardStore

/// `steward access INTEGRATION [USER]`: what each mapped user (or one) reads through each data
/// source's view, and which policy decides each answer, from the spec the integration was last
/// applied with (the reference model, not the warehouse).
struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Explain what a user may see through each data source, and why.",
        discussion: """
            Answers from the spec last applied (or, before the first apply, the spec as last read): \
            subscribed or not, the row filters, and each column the spec names (raw, or masked and how), \
            each with the deciding policy. Rows are not read: filters are described. \
            USER is a governance name or a warehouse login; without it every mapped user is shown.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The integration's name or id.")
    var nameOrID: String

    @Argument(help: "A user's governance name or warehouse login (default: every mapped user).")
    var user: String?

    @Option(name: .customLong("data-source"), help: "Only this data source.")
    var dataSource: String?

    @Option(name: [.short, .long], help: "Output format: text (default) or json.")
    var output: Format = .text

    @OptionGroup var state: StateOptions

    func run() async throws {
        let record = try await lookUp(nameOrID, in: try await openExistingStore(state))
        guard let governance = record.recordedGovernance else {
            printError("integration \(record.name) has no readable spec recorded (status \(record.status.rawValue)) — fix its spec file and apply it")
            throw ExitCode(1)
        }
        if record.appliedConfig == nil {
            printError("note: \(record.name) has not been applied yet; this is what its spec as last read would enforce")
        }
        let report: AccessReport
        do {
            report = try AccessReport.make(integration: record.name, governance: governance, user: user, dataSource: dataSource)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        switch output {
        case .json:
            do {
                print(try IntegrationView.json(report))
            } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
        case .text:
            print(AccessText.render(report), terminator: "")
        }
    }
}
