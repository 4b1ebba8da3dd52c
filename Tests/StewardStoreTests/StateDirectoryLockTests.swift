import Foundation
import StewardStore
import Testing

/// One steward per state directory. flock locks belong to an open file description, so two
/// locks taken in one process conflict just as two processes would.
@Suite struct StateDirectoryLockTests {
    @Test func aSecondHolderGetsAClearError() throws {
        let directory = try TemporaryDirectory()
        let first = try StateDirectoryLock(stateDirectory: directory.stateDirectory)

        let error = #expect(throws: StoreError.self) {
            try StateDirectoryLock(stateDirectory: directory.stateDirectory)
        }
        #expect(error?.code == .stateDirectoryInUse)
        #expect(error?.message == "another steward process (pid \(getpid())) is using "
            + "\(directory.stateDirectory.standardizedFileURL.path); stop it (systemctl stop steward) "
            + "or use a different --state-dir")

        first.release()
        first.release()
        let second = try StateDirectoryLock(stateDirectory: directory.stateDirectory)
        second.release()
    }

    @Test func theLockFileNamesTheHolder() throws {
        let directory = try TemporaryDirectory()
        let lock = try StateDirectoryLock(stateDirectory: directory.stateDirectory)
        #expect(try String(contentsOf: lock.fileURL, encoding: .utf8) == "\(getpid())\n")
        lock.release()
        #expect(try String(contentsOf: lock.fileURL, encoding: .utf8) == "")
    }

    @Test func droppingTheLockReleasesIt() throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try StateDirectoryLock(stateDirectory: directory.stateDirectory)
        }
        _ = try StateDirectoryLock(stateDirectory: directory.stateDirectory)
    }
}
