import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The witness `StoreLockTests` relies on sees every lock, however long `/proc/locks` is: with
/// many daemons and databases running side by side, the daemon's line is often past the first
/// page of the file, where a reader that stops early would miss it.
@Suite struct POSIXLocksTests {
    @Test func everyLockIsSeenPastTheFirstPageOfProcLocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(TestNames.unique("locks")).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor); unlink(path) }
        // Every other byte, so the kernel cannot merge neighbours: 1,500 lines of about 50 bytes.
        let count = 1_500
        for index in 0..<count {
            var lock = flock()
            lock.l_type = Int16(F_RDLCK)
            lock.l_whence = Int16(SEEK_SET)
            lock.l_start = off_t(index * 2)
            lock.l_len = 1
            try #require(fcntl(descriptor, F_SETLK, &lock) == 0, "lock \(index): errno \(errno)")
        }
        // Every lock is in the union of a few reads (one read can skip a line while other tests'
        // locks come and go; see POSIXLocks.reads), and nothing else is.
        let expected = Set((0..<count).map { $0 * 2...$0 * 2 })
        let seen = (0..<POSIXLocks.reads).reduce(into: Set<ClosedRange<Int>>()) { union, _ in
            union.formUnion(POSIXLocks.readLocks(pid: getpid(), path: path))
        }
        #expect(seen == expected, "\(seen.count) of \(count) seen, \(seen.subtracting(expected).count) unexpected")
        #expect(POSIXLocks.holdsReadLock(pid: getpid(), path: path, offset: (count - 1) * 2))
        #expect(!POSIXLocks.holdsReadLock(pid: getpid(), path: path, offset: count * 2))
    }
}
