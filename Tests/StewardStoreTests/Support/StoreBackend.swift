import Foundation
import StewardStore
import Testing

/// The two implementations of `StatusStoring`. The behavioural suites take one as their argument
/// (`@Test(arguments: StoreBackend.allCases)`), so that the same test code runs on each.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `StatusStore`: one host's SQLite file, in a fresh temporary state directory.
    case sqlite
    /// `SharedStatusStore`: a fresh database on the test PostgreSQL server (`SharedDatabase`),
    /// opened as the leader with a long lease so that every write passes the fence.
    case postgresql

    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind whose clock is `clock`. Keep the value for the whole
    /// test: a SQLite store's directory is removed when it goes away.
    func open(clock: TestClock = TestClock()) async throws -> StoreUnderTest {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory()
            return StoreUnderTest(sqlite: try StatusStore.open(in: directory, clock: clock), in: directory)
        case .postgresql:
            let database = try await SharedDatabase.make()
            let (store, _) = try await database.openAsLeader(leaseSeconds: 3_600, clock: clock)
            return StoreUnderTest(postgresql: store, in: database)
        }
    }

    /// How finely the store keeps a date: GRDB writes SQLite dates as text to the millisecond,
    /// PostgreSQL's `timestamptz` keeps microseconds.
    var datePrecision: TimeInterval {
        switch self {
        case .sqlite: 0.001
        case .postgresql: 0.000_001
        }
    }
}
