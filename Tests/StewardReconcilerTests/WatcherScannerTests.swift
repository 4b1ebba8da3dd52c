import Foundation
import Glibc
import Testing
@testable import StewardReconciler

@Suite struct WatcherScannerTests {
    @Test func listsEntryNamesSortedWithoutDotEntries() throws {
        let directory = try TemporaryDirectory()
        for name in ["b.yaml", "a.yaml", ".hidden", "notes~"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: directory.path + "/" + name))
        }
        try FileManager.default.createDirectory(atPath: directory.path + "/sub", withIntermediateDirectories: false)
        let names = try DirectoryScanner(directory: directory.path).entryNames()
        #expect(names == [".hidden", "a.yaml", "b.yaml", "notes~", "sub"])
    }

    @Test func anEmptyDirectoryHasNoEntries() throws {
        let directory = try TemporaryDirectory()
        #expect(try DirectoryScanner(directory: directory.path).entryNames() == [])
    }

    @Test func aMissingDirectoryIsAnErrorValue() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing"
        #expect(throws: DirectoryScanError(directory: missing, errno: ENOENT)) {
            try DirectoryScanner(directory: missing).entryNames()
        }
        let error = DirectoryScanError(directory: missing, errno: ENOENT)
        #expect(error.code == .notFound)
        #expect(error.description.contains(missing))
        #expect(error.description.contains("create it"))
    }

    @Test func aFileIsNotADirectory() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        do {
            _ = try DirectoryScanner(directory: file).entryNames()
            Issue.record("listing a file must fail")
        } catch {
            #expect(error.code == .notADirectory)
        }
    }

    @Test(.enabled(if: geteuid() != 0, "root may read any directory"))
    func anUnreadableDirectoryIsAnErrorValue() throws {
        let directory = try TemporaryDirectory()
        let locked = directory.path + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        chmod(locked, 0)
        defer { chmod(locked, 0o700) }
        do {
            _ = try DirectoryScanner(directory: locked).entryNames()
            Issue.record("listing an unreadable directory must fail")
        } catch {
            #expect(error.code == .permissionDenied)
        }
    }
}

/// A directory under the system's temporary directory, removed when released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/steward-watch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
