import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stopping and starting a server this harness launched, for fault tests (a warehouse that goes
/// away in the middle of an apply and comes back on the same port).
extension TestPostgres {
    /// How to stop: `fast` ends sessions cleanly, `immediate` is a crash (recovery at the next start).
    package enum StopMode: String, Sendable {
        case fast, immediate
    }

    /// Stops `server` and waits until it is down.
    package static func stopServer(_ server: Server, mode: StopMode) throws {
        let data = try ownDataDirectory(server)
        try run(try findBinDirectory() + "/pg_ctl", ["-D", data, "-m", mode.rawValue, "-w", "-t", "60", "stop"],
                asPostgres: geteuid() == 0)
    }

    /// Starts `server` again with the options it was first started with (same port and settings).
    package static func startServer(_ server: Server) throws {
        let data = try ownDataDirectory(server)
        let root = (data as NSString).deletingLastPathComponent
        guard let options = try? String(contentsOfFile: root + "/start-options", encoding: .utf8) else {
            throw TestSupportError("no start options recorded beside \(data)")
        }
        try run(try findBinDirectory() + "/pg_ctl", ["-D", data, "-o", options, "-l", root + "/server.log", "-w", "-t", "60", "start"],
                asPostgres: geteuid() == 0)
    }

    private static func ownDataDirectory(_ server: Server) throws -> String {
        guard let data = server.dataDirectory else {
            throw TestSupportError("this server was not started by the test harness (STEWARD_TEST_PG_PORT); it cannot be stopped here")
        }
        return data
    }
}
