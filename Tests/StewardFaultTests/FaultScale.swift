import Foundation
import StewardTestSupport

/// How hard the fault suite pushes. The short form runs in CI with every `swift test`; the long
/// form is `Deploy/dev/fault-suite.sh --long` (`STEWARD_FAULT_SCALE=long`).
///
/// `STEWARD_FAULT_SEED` replays a run: every random choice (which integration changes, how, when
/// the daemon is killed, when the proxy cuts) comes from one seeded generator, printed with the
/// figures.
struct FaultScale: Sendable {
    /// Integrations in the kill loop (at most 20: one loopback address each).
    var integrations: Int
    /// `kill -9` rounds.
    var kills: Int
    /// Longest time the daemon runs before a kill, in milliseconds.
    var longestLifeMilliseconds: Int
    /// How long the warehouse stays down in each outage.
    var outage: Duration
    /// Connection cuts by the proxy.
    var cuts: Int
    /// Latency the proxy adds in each direction.
    var latencyMilliseconds: Int
    /// Files removed and put back within the removal grace period, per round (at most 20).
    var graceFiles: Int
    /// Rounds of that; `graceFiles × graceRounds` scenarios in all.
    var graceRounds: Int
    /// High availability: rounds of three `kill -9`s of the leader (mid-create, mid-edit,
    /// mid-delete) among three daemons sharing a store.
    var leaderKillRounds: Int
    /// Integrations those rounds create, edit and delete.
    var haIntegrations: Int
    /// How long the shared store stays unreachable in each of its outages.
    var storeOutage: Duration
    var name: String

    static let short = FaultScale(integrations: 12, kills: 50, longestLifeMilliseconds: 1500, outage: .seconds(4),
                                  cuts: 15, latencyMilliseconds: 15, graceFiles: 10, graceRounds: 3,
                                  leaderKillRounds: 3, haIntegrations: 6, storeOutage: .seconds(4), name: "short")
    static let long = FaultScale(integrations: 20, kills: 300, longestLifeMilliseconds: 3000, outage: .seconds(20),
                                 cuts: 120, latencyMilliseconds: 40, graceFiles: 20, graceRounds: 50,
                                 leaderKillRounds: 20, haIntegrations: 12, storeOutage: .seconds(15), name: "long")

    static var current: FaultScale {
        ProcessInfo.processInfo.environment["STEWARD_FAULT_SCALE"] == "long" ? .long : .short
    }

    static var seed: UInt64 {
        if let text = ProcessInfo.processInfo.environment["STEWARD_FAULT_SEED"], let seed = UInt64(text) { return seed }
        return UInt64.random(in: 1...UInt64.max)
    }
}

/// One line of figures per test, collected by `Deploy/dev/fault-suite.sh` into the report.
enum FaultFigures {
    static func print(_ test: String, _ figures: KeyValuePairs<String, String>) {
        let text = figures.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        Swift.print("FAULT-FIGURES \(test) scale=\(FaultScale.current.name) \(text)")
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2fs", Double(seconds) + Double(attoseconds) / 1e18)
    }
}
