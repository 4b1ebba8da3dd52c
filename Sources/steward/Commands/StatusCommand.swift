import ArgumentParser
import Foundation
import StewardReconciler
import StewardStore

/// `steward status`: what the daemon is doing, from the store: counts per status, integrations
/// waiting to retry and when, the last resync; with a shared store, the leader, its term, each
/// member's last heartbeat, and the names on which the hosts' spec folders disagree.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Summarise all integrations: counts per status, retries, last resync.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        let store = try await openExistingStore(state)
        do {
            print(try await StatusSummary.line(store: store))
            let now = Date()
            let retrying = try await store.allRecords().filter { $0.nextAttemptAt != nil && $0.isActive }
            if !retrying.isEmpty {
                var table = Table(headers: ["NAME", "STATUS", "ATTEMPTS", "NEXT ATTEMPT", "LAST ERROR"])
                for record in retrying {
                    let next = record.nextAttemptAt.map { $0 > now ? "in \(Int($0.timeIntervalSince(now).rounded(.up)))s" : "due" } ?? "-"
                    let error = record.lastError.map { $0.count > 70 ? String($0.prefix(69)) + "…" : $0 } ?? ""
                    table.rows.append([record.name, record.status.rawValue, String(record.attempts), next, error])
                }
                print(table.render())
            }
            if let last = try await store.meta("lastResyncAt") {
                print("last resync: \(last)")
            } else {
                print("last resync: never")
            }
            if let shared = store as? SharedStatusStore {
                for line in try await SharedStoreReport.lines(shared) { print(line) }
            }
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }
}
