import Glibc
import Logging

/// The reading side of one `DirectoryWatcher` iteration: owns the inotify descriptor and runs
/// on its own thread, never on the cooperative pool, because it blocks in `poll`.
///
/// `start()` runs synchronously when the iteration begins, so the watch exists before the
/// consumer's first scan; `run()` is the thread's body and closes everything when it returns.
struct InotifySession: Sendable {
    private struct Outage: Sendable {
        /// The errno of the last failed attempt to watch again, if there was one.
        var lastErrno: Int32?
    }

    let directory: String
    let retryInterval: Duration
    let continuation: AsyncStream<DirectoryEvent>.Continuation
    let control: WatchControl
    let logger: Logger

    private var inotifyDescriptor: Int32 = -1
    private var watchDescriptor: Int32 = -1
    private var outage: Outage?
    /// A yield was dropped because the consumer fell behind: a rescan must be delivered.
    private var rescanOwed = false
    /// How long to wait before trying to deliver an owed rescan again.
    private static let owedRescanRetry = Duration.milliseconds(100)
    private static let readBufferSize = 64 * 1024

    init(
        directory: String,
        retryInterval: Duration,
        continuation: AsyncStream<DirectoryEvent>.Continuation,
        control: WatchControl,
        logger: Logger
    ) {
        self.directory = directory
        self.retryInterval = retryInterval
        self.continuation = continuation
        self.control = control
        self.logger = logger
    }

    /// Opens the inotify instance and watches the directory, reporting an outage if it cannot.
    mutating func start() {
        establish()
    }

    /// Reads and reports events until a stop is requested, then closes every descriptor and
    /// finishes the stream.
    mutating func run() {
        defer { cleanUp() }
        var buffer = [UInt8](repeating: 0, count: Self.readBufferSize)
        while !control.isStopRequested {
            if watchDescriptor < 0 {
                establish()
                if watchDescriptor < 0 {
                    if control.waitForStop(timeout: retryInterval) { return }
                    continue
                }
            }
            if rescanOwed { deliverOwedRescan() }
            guard waitForInput() else { return }
            readAvailableEvents(into: &buffer)
        }
    }

    // MARK: Watching

    private mutating func establish() {
        if inotifyDescriptor < 0 {
            let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0 else {
                retryFailed(errno: errno)
                return
            }
            inotifyDescriptor = descriptor
        }
        let watch = inotify_add_watch(inotifyDescriptor, directory, InotifyMask.watched)
        guard watch >= 0 else {
            retryFailed(errno: errno)
            return
        }
        watchDescriptor = watch
        if outage != nil {
            outage = nil
            logger.info("watching the directory again", metadata: ["steward.directory": "\(directory)"])
            emit(.rescanNeeded)
        }
    }

    private mutating func retryFailed(errno code: Int32) {
        let reason = DirectoryUnavailableReason.cannotWatch(errno: code)
        if var current = outage {
            // One report per outage, and another only when the cause changes between retries.
            if let last = current.lastErrno, last != code { report(reason) }
            current.lastErrno = code
            outage = current
        } else {
            outage = Outage(lastErrno: code)
            report(reason)
        }
    }

    private mutating func lost(_ reason: DirectoryUnavailableReason) {
        if watchDescriptor >= 0 {
            // May fail with EINVAL when the kernel already dropped the watch; nothing to do then.
            _ = inotify_rm_watch(inotifyDescriptor, watchDescriptor)
            watchDescriptor = -1
        }
        if outage == nil {
            outage = Outage(lastErrno: nil)
            report(reason)
        }
    }

    private mutating func report(_ reason: DirectoryUnavailableReason) {
        logger.warning("cannot watch the directory: \(reason)", metadata: ["steward.directory": "\(directory)"])
        emit(.directoryUnavailable(reason))
    }

    // MARK: Reading

    /// Waits until the inotify descriptor is readable; false when a stop was requested.
    private func waitForInput() -> Bool {
        var descriptors = [
            pollfd(fd: inotifyDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: control.wakeDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        let timeout: Int32
        if rescanOwed {
            timeout = Self.owedRescanRetry.pollMilliseconds
        } else if control.wakeDescriptor < 0 {
            timeout = Duration.milliseconds(250).pollMilliseconds  // no pipe: check the stop flag regularly
        } else {
            timeout = -1
        }
        let count = nfds_t(control.wakeDescriptor >= 0 ? 2 : 1)
        while true {
            let result = poll(&descriptors, count, timeout)
            if result >= 0 || errno != EINTR { break }
        }
        return !control.isStopRequested
    }

    private mutating func readAvailableEvents(into buffer: inout [UInt8]) {
        while watchDescriptor >= 0, !control.isStopRequested {
            let count = buffer.withUnsafeMutableBytes { bytes in
                read(inotifyDescriptor, bytes.baseAddress, bytes.count)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                if code != EAGAIN && code != EWOULDBLOCK {
                    logger.error("reading inotify events failed: \(String(cString: strerror(code)))")
                    emit(.rescanNeeded)
                }
                return
            }
            if count == 0 { return }
            let (records, isTruncated) = buffer.withUnsafeBytes { bytes in
                InotifyRecord.parse(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
            }
            for record in records { handle(record) }
            if isTruncated {
                logger.error("malformed inotify record; asking for a rescan")
                emit(.rescanNeeded)
            }
        }
    }

    private mutating func handle(_ record: InotifyRecord) {
        let mask = record.mask
        if mask & InotifyMask.queueOverflow != 0 {
            logger.warning("inotify queue overflowed; asking for a rescan")
            emit(.rescanNeeded)
            return
        }
        // Events of a watch given up earlier (and its final IN_IGNORED) are of no interest.
        guard watchDescriptor >= 0, record.watchDescriptor == watchDescriptor else { return }
        if mask & InotifyMask.deleteSelf != 0 { return lost(.removed) }
        if mask & InotifyMask.moveSelf != 0 { return lost(.moved) }
        if mask & (InotifyMask.ignored | InotifyMask.unmount) != 0 { return lost(.watchRemoved) }
        guard let name = record.name else { return }
        if mask & (InotifyMask.delete | InotifyMask.movedFrom) != 0 {
            emit(.removed(name))
        } else if mask & (InotifyMask.closeWrite | InotifyMask.movedTo | InotifyMask.attrib) != 0 {
            emit(.changed(name))
        } else if mask & InotifyMask.create != 0 {
            if mask & InotifyMask.isDirectory != 0 || !isRegularFileBeingWritten(name) {
                emit(.changed(name))
            }
        }
    }

    /// Whether `name` is a new regular file whose IN_CLOSE_WRITE is still to come.
    ///
    /// A regular file with more than one link was made by `link()` and will not be written, so
    /// it counts as changed now. An entry that is already gone is skipped: its removal follows.
    private func isRegularFileBeingWritten(_ name: String) -> Bool {
        var info = stat()
        guard lstat(directory + "/" + name, &info) == 0 else { return true }
        return info.st_mode & S_IFMT == S_IFREG && info.st_nlink <= 1
    }

    // MARK: Delivering

    private mutating func emit(_ event: DirectoryEvent) {
        if rescanOwed {
            deliverOwedRescan()
            // Until the rescan is delivered, it covers every event that could not be.
            if rescanOwed || event == .rescanNeeded { return }
        }
        switch continuation.yield(event) {
        case .enqueued:
            break
        case .dropped:
            rescanOwed = true
        case .terminated:
            control.requestStop()
        @unknown default:
            rescanOwed = true
        }
    }

    private mutating func deliverOwedRescan() {
        switch continuation.yield(.rescanNeeded) {
        case .enqueued:
            rescanOwed = false
        case .terminated:
            rescanOwed = false
            control.requestStop()
        default:
            break
        }
    }

    private mutating func cleanUp() {
        if inotifyDescriptor >= 0 {
            close(inotifyDescriptor)
            inotifyDescriptor = -1
            watchDescriptor = -1
        }
        control.closeWakeDescriptors()
        continuation.finish()
    }
}
