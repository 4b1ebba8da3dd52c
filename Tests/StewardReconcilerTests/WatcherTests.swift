import Foundation
import Glibc
import Logging
import Testing
@testable import StewardReconciler

/// Collects a watcher's events on a task of its own.
private final class EventRecorder: Sendable {
    private let events = Locked<[DirectoryEvent]>([])
    private let task: Task<Void, Never>

    /// Starts iterating; the watch exists when this returns.
    init(_ watcher: DirectoryWatcher) {
        let iterator = watcher.makeAsyncIterator()
        let events = self.events
        task = Task {
            var iterator = iterator
            while let event = await iterator.next() {
                events.withLock { $0.append(event) }
            }
        }
    }

    deinit { task.cancel() }

    var recorded: [DirectoryEvent] { events.value }

    /// Waits (real time, generously) until `predicate` holds for the events seen so far.
    func waitUntil(
        timeout: Duration = .seconds(20),
        _ predicate: ([DirectoryEvent]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if predicate(recorded) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return predicate(recorded)
    }

    /// Waits until `event` has been seen.
    func waitFor(_ event: DirectoryEvent) async -> Bool {
        await waitUntil { $0.contains(event) }
    }

    /// Waits until `event` has been seen after `earlier`.
    func waitFor(_ event: DirectoryEvent, after earlier: DirectoryEvent) async -> Bool {
        await waitUntil { events in
            guard let first = events.firstIndex(of: earlier) else { return false }
            return events[(first + 1)...].contains(event)
        }
    }

    /// Stops iterating and waits for the iterating task to end.
    func stop() async {
        task.cancel()
        await task.value
    }
}

/// A watcher that logs nowhere, so that expected outages do not clutter the test output.
private func watcher(
    _ directory: String,
    retryInterval: Duration = .seconds(2),
    bufferCapacity: Int = 1024
) -> DirectoryWatcher {
    DirectoryWatcher(
        directory: directory,
        retryInterval: retryInterval,
        bufferCapacity: bufferCapacity,
        logger: Logger(label: "test.watch", factory: { _ in SwiftLogNoOpLogHandler() })
    )
}

/// Writes `contents` with open/write/close, as an editor saving in place does. Close-on-exec:
/// tests in this process start children, and a child that inherited the descriptor would hold
/// the file open, so its close-write would never be reported.
private func writeInPlace(_ path: String, _ contents: String = "type: Redshift\n") {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    precondition(descriptor >= 0, "cannot create \(path)")
    _ = contents.withCString { write(descriptor, $0, strlen($0)) }
    close(descriptor)
}

/// The descriptors of this process that are inotify instances.
private func inotifyDescriptors() -> Set<Int32> {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    var found: Set<Int32> = []
    for entry in entries {
        guard let number = Int32(entry) else { continue }
        let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + entry)
        if target == "anon_inode:inotify" { found.insert(number) }
    }
    return found
}

/// Waits (real time, generously) until none of `descriptors` is an inotify instance.
private func waitUntilClosed(_ descriptors: Set<Int32>) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: .seconds(20))
    while ContinuousClock.now < deadline {
        if inotifyDescriptors().isDisjoint(with: descriptors) { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return inotifyDescriptors().isDisjoint(with: descriptors)
}

/// Serialized so that the descriptor counts of one test are not disturbed by another.
@Suite(.serialized) struct WatcherTests {
    @Test func aFileWrittenInPlaceIsChangedOnceClosed() async throws {
        let directory = try TemporaryDirectory()
        let recorder = EventRecorder(watcher(directory.path))

        // Created but not yet closed: no event for it yet.
        let unfinished = open(directory.path + "/a.yaml", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(unfinished >= 0)
        writeInPlace(directory.path + "/marker")
        #expect(await recorder.waitFor(.changed("marker")))
        #expect(!recorder.recorded.contains(.changed("a.yaml")))

        close(unfinished)
        #expect(await recorder.waitFor(.changed("a.yaml")))
        await recorder.stop()
    }

    @Test func anAtomicRenameIntoPlaceIsChanged() async throws {
        let directory = try TemporaryDirectory()
        let recorder = EventRecorder(watcher(directory.path))
        writeInPlace(directory.path + "/.a.yaml.tmp")
        #expect(rename(directory.path + "/.a.yaml.tmp", directory.path + "/a.yaml") == 0)
        #expect(await recorder.waitFor(.changed("a.yaml"), after: .removed(".a.yaml.tmp")))
        #expect(recorder.recorded.first == .changed(".a.yaml.tmp"))
        await recorder.stop()
    }

    @Test func aDeletedFileIsRemoved() async throws {
        let directory = try TemporaryDirectory()
        writeInPlace(directory.path + "/a.yaml")
        let recorder = EventRecorder(watcher(directory.path))
        #expect(unlink(directory.path + "/a.yaml") == 0)
        #expect(await recorder.waitFor(.removed("a.yaml")))
        await recorder.stop()
    }

    @Test func aFileMovedOutIsRemoved() async throws {
        let directory = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        writeInPlace(directory.path + "/a.yaml")
        let recorder = EventRecorder(watcher(directory.path))
        #expect(rename(directory.path + "/a.yaml", elsewhere.path + "/a.yaml") == 0)
        #expect(await recorder.waitFor(.removed("a.yaml")))
        await recorder.stop()
    }

    @Test func symlinksDirectoriesHardLinksAndChmodAreChanged() async throws {
        let directory = try TemporaryDirectory()
        let elsewhere = try TemporaryDirectory()
        writeInPlace(elsewhere.path + "/target.yaml")
        writeInPlace(directory.path + "/plain.yaml")
        let recorder = EventRecorder(watcher(directory.path))
        #expect(symlink(elsewhere.path + "/target.yaml", directory.path + "/link.yaml") == 0)
        #expect(mkdir(directory.path + "/sub", 0o755) == 0)
        #expect(link(elsewhere.path + "/target.yaml", directory.path + "/hard.yaml") == 0)
        #expect(chmod(directory.path + "/plain.yaml", 0o600) == 0)
        #expect(await recorder.waitUntil { events in
            [.changed("link.yaml"), .changed("sub"), .changed("hard.yaml"), .changed("plain.yaml")].allSatisfy(events.contains)
        })
        await recorder.stop()
    }

    @Test func aRemovedAndRecreatedDirectoryIsUnavailableThenRescanned() async throws {
        let parent = try TemporaryDirectory()
        let directory = parent.path + "/specs"
        #expect(mkdir(directory, 0o755) == 0)
        writeInPlace(directory + "/a.yaml")
        let recorder = EventRecorder(watcher(directory, retryInterval: .milliseconds(20)))

        try FileManager.default.removeItem(atPath: directory)
        #expect(await recorder.waitFor(.directoryUnavailable(.removed)))
        #expect(recorder.recorded.contains(.removed("a.yaml")))

        #expect(mkdir(directory, 0o755) == 0)
        #expect(await recorder.waitFor(.rescanNeeded, after: .directoryUnavailable(.removed)))
        writeInPlace(directory + "/b.yaml")
        #expect(await recorder.waitFor(.changed("b.yaml"), after: .rescanNeeded))
        let outages = recorder.recorded.filter { if case .directoryUnavailable = $0 { true } else { false } }
        #expect(outages == [.directoryUnavailable(.removed)])
        await recorder.stop()
    }

    @Test func aDirectoryMovedAwayAndBackIsUnavailableThenRescanned() async throws {
        let parent = try TemporaryDirectory()
        let directory = parent.path + "/specs"
        #expect(mkdir(directory, 0o755) == 0)
        let recorder = EventRecorder(watcher(directory, retryInterval: .milliseconds(20)))
        #expect(rename(directory, parent.path + "/away") == 0)
        #expect(await recorder.waitFor(.directoryUnavailable(.moved)))
        #expect(rename(parent.path + "/away", directory) == 0)
        #expect(await recorder.waitFor(.rescanNeeded, after: .directoryUnavailable(.moved)))
        await recorder.stop()
    }

    @Test func aMissingDirectoryIsWatchedOnceItExists() async throws {
        let parent = try TemporaryDirectory()
        let directory = parent.path + "/later"
        let recorder = EventRecorder(watcher(directory, retryInterval: .milliseconds(20)))
        #expect(await recorder.waitFor(.directoryUnavailable(.cannotWatch(errno: ENOENT))))
        #expect(recorder.recorded.first == .directoryUnavailable(.cannotWatch(errno: ENOENT)))
        #expect(mkdir(directory, 0o755) == 0)
        #expect(await recorder.waitFor(.rescanNeeded))
        writeInPlace(directory + "/a.yaml")
        #expect(await recorder.waitFor(.changed("a.yaml"), after: .rescanNeeded))
        await recorder.stop()
    }

    @Test func aFileIsNotAWatchableDirectory() async throws {
        let parent = try TemporaryDirectory()
        writeInPlace(parent.path + "/file")
        let recorder = EventRecorder(watcher(parent.path + "/file", retryInterval: .milliseconds(20)))
        #expect(await recorder.waitFor(.directoryUnavailable(.cannotWatch(errno: ENOTDIR))))
        #expect(DirectoryUnavailableReason.cannotWatch(errno: ENOTDIR).description.contains("not a directory"))
        await recorder.stop()
    }

    @Test func cancellingTheIterationReleasesTheDescriptor() async throws {
        let directory = try TemporaryDirectory()
        let before = inotifyDescriptors()
        let recorder = EventRecorder(watcher(directory.path))
        let ours = inotifyDescriptors().subtracting(before)
        #expect(ours.count >= 1)
        writeInPlace(directory.path + "/a.yaml")
        #expect(await recorder.waitFor(.changed("a.yaml")))
        await recorder.stop()
        #expect(await waitUntilClosed(ours))
    }

    @Test func droppingTheIteratorReleasesTheDescriptor() async throws {
        let directory = try TemporaryDirectory()
        let before = inotifyDescriptors()
        var iterator: DirectoryWatcher.Iterator? = watcher(directory.path).makeAsyncIterator()
        let ours = inotifyDescriptors().subtracting(before)
        #expect(ours.count >= 1)
        #expect(iterator != nil)
        iterator = nil
        #expect(await waitUntilClosed(ours))
    }

    @Test func aSlowConsumerGetsARescanInsteadOfLostEvents() async throws {
        let directory = try TemporaryDirectory()
        let iterator = watcher(directory.path, bufferCapacity: 2).makeAsyncIterator()
        let names = (0..<20).map { "spec-\($0).yaml" }
        for name in names { writeInPlace(directory.path + "/" + name) }
        // Give the reading thread time to fill the buffer; the assertion holds either way.
        try await Task.sleep(for: .milliseconds(300))
        var seen: Set<String> = []
        var rescanned = false
        let reader = Task { [iterator] in
            var iterator = iterator
            var events: [DirectoryEvent] = []
            while let event = await iterator.next() {
                events.append(event)
                let changed = Set(events.compactMap { if case .changed(let name) = $0 { name } else { nil } })
                if events.contains(.rescanNeeded) || changed.isSuperset(of: names) { break }
            }
            return events
        }
        let events = await value(of: reader, within: .seconds(90)) ?? [] // a hang guard, generous for a loaded machine
        for event in events {
            switch event {
            case .changed(let name): seen.insert(name)
            case .rescanNeeded: rescanned = true
            default: break
            }
        }
        // Nothing is lost silently: either every change arrived or a rescan was asked for.
        #expect(rescanned || seen.isSuperset(of: names))
    }
}
