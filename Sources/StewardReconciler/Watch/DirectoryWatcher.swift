import Foundation
import Logging

/// Watches one directory with inotify and delivers what happens in it as an `AsyncSequence`.
///
/// ```swift
/// for await event in DirectoryWatcher(directory: "/etc/steward/integrations.d") {
///     switch event {
///     case .changed(let name): …
///     case .removed(let name): …
///     case .rescanNeeded: …           // list the directory again
///     case .directoryUnavailable(let reason): …
///     }
/// }
/// ```
///
/// Each iteration (each `makeAsyncIterator()`) has its own inotify instance and its own thread,
/// which blocks in `poll` outside Swift's cooperative pool. The watch is added before
/// `makeAsyncIterator()` returns, so a consumer that lists the directory after that misses no
/// change; no event is sent for the initial state. When the consumer stops iterating, drops the
/// iterator or its task is cancelled, the thread stops promptly and closes its descriptors.
///
/// When the directory is missing, unreadable, removed or moved away, the watcher sends
/// `.directoryUnavailable` once, tries to watch it again every `retryInterval`, and sends
/// `.rescanNeeded` when it succeeds. A second `.directoryUnavailable` during one outage is sent
/// only when the cause changes (say, from "does not exist" to "permission denied").
///
/// Events are buffered up to `bufferCapacity`; if the consumer falls that far behind, further
/// events are dropped and replaced by one `.rescanNeeded` delivered as soon as there is room.
package struct DirectoryWatcher: AsyncSequence, Sendable {
    package typealias Element = DirectoryEvent

    /// The watched directory's path.
    package let directory: String
    /// How often to try again to watch a directory that is unavailable.
    package let retryInterval: Duration
    /// How many undelivered events are kept before a rescan replaces them.
    package let bufferCapacity: Int
    private let logger: Logger

    /// Creates a watcher; nothing happens until iteration begins.
    /// - Parameters:
    ///   - directory: the directory to watch (not recursive).
    ///   - retryInterval: time between attempts to watch an unavailable directory, default 2 s.
    ///   - bufferCapacity: events kept for a slow consumer, default 1024, at least 1.
    ///   - logger: where outages and overflows are logged.
    package init(
        directory: String,
        retryInterval: Duration = .seconds(2),
        bufferCapacity: Int = 1024,
        logger: Logger = Logger(label: "steward.watch")
    ) {
        self.directory = directory
        self.retryInterval = retryInterval
        self.bufferCapacity = Swift.max(1, bufferCapacity)
        self.logger = logger
    }

    /// Starts watching: adds the watch now and starts the reading thread.
    package func makeAsyncIterator() -> Iterator {
        let (stream, continuation) = AsyncStream.makeStream(
            of: DirectoryEvent.self,
            bufferingPolicy: .bufferingOldest(bufferCapacity)
        )
        let control = WatchControl()
        continuation.onTermination = { _ in control.requestStop() }
        var session = InotifySession(
            directory: directory,
            retryInterval: retryInterval,
            continuation: continuation,
            control: control,
            logger: logger
        )
        session.start()
        let prepared = session
        let thread = Thread {
            var running = prepared
            running.run()
        }
        thread.name = "steward-watch"
        thread.start()
        return Iterator(events: stream.makeAsyncIterator())
    }

    /// Delivers the events of one iteration.
    package struct Iterator: AsyncIteratorProtocol {
        private var events: AsyncStream<DirectoryEvent>.Iterator

        init(events: AsyncStream<DirectoryEvent>.Iterator) {
            self.events = events
        }

        /// The next event, or `nil` when the task is cancelled.
        package mutating func next() async -> DirectoryEvent? {
            await events.next()
        }
    }
}
