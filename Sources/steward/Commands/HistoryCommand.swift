import ArgumentParser
import Foundation
import StewardAPI
import StewardStore

/// `steward history NAME|ID`: every status change of one integration, oldest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the status transitions of one integration, newest last.")

    @Argument(help: "The integration's name or id.")
    var nameOrID: String

    @OptionGroup var state: StateOptions

    @Option(name: [.short, .long], help: "Output format: table (default) or json.")
    var output: OutputFormat = .table

    func run() async throws {
        let store = try await openExistingStore(state)
        do {
            let record = try await lookUpRecord(nameOrID, in: store)
            guard let record else {
                printError("No Integration found with ID \(nameOrID).")
                throw ExitCode(1)
            }
            let transitions = try await store.transitions(integrationId: record.id)
            switch output {
            case .json:
                struct Row: Encodable {
                    var at: Date, from: String?, to: String, reason: String, message: String?
                }
                let rows = transitions.map { Row(at: $0.at, from: $0.fromStatus?.rawValue, to: $0.toStatus.rawValue, reason: $0.reason.rawValue, message: $0.message) }
                print(try IntegrationView.json(rows))
            case .table:
                var table = Table(headers: ["TIME", "FROM", "TO", "REASON", "MESSAGE"])
                for t in transitions {
                    table.rows.append([t.at.formatted(.iso8601), t.fromStatus?.rawValue ?? "-", t.toStatus.rawValue, t.reason.rawValue, t.message ?? ""])
                }
                print(table.render())
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }
}
