import Glibc
import Synchronization

/// The stop signal between a watcher's consumer and its reading thread.
///
/// A self-pipe wakes the thread from `poll` at once when the consumer goes away. The pipe's
/// ends are closed only under the lock, so a late `requestStop()` never writes to a closed (or
/// reused) descriptor. If no pipe can be made, the thread falls back to polling with a short
/// timeout and checking the flag.
final class WatchControl: Sendable {
    private struct State {
        var stopRequested = false
        var readEnd: Int32 = -1
        var writeEnd: Int32 = -1
    }

    private let state: Mutex<State>
    /// The descriptor to poll for a stop request, or -1 when there is no pipe.
    /// Valid until `closeWakeDescriptors()`, which only the reading thread calls.
    let wakeDescriptor: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        var state = State()
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            }
            state.readEnd = ends[0]
            state.writeEnd = ends[1]
        }
        wakeDescriptor = state.readEnd
        self.state = Mutex(state)
    }

    /// Asks the reading thread to stop; safe to call any number of times, from any thread.
    func requestStop() {
        state.withLock { state in
            state.stopRequested = true
            if state.writeEnd >= 0 {
                var byte: UInt8 = 1
                _ = write(state.writeEnd, &byte, 1)
            }
        }
    }

    var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    /// Closes the pipe. Called by the reading thread when it exits.
    func closeWakeDescriptors() {
        state.withLock { state in
            if state.readEnd >= 0 { close(state.readEnd) }
            if state.writeEnd >= 0 { close(state.writeEnd) }
            state.readEnd = -1
            state.writeEnd = -1
        }
    }

    /// Waits up to `timeout` for a stop request; returns whether one came.
    func waitForStop(timeout: Duration) -> Bool {
        if isStopRequested { return true }
        var descriptor = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
        if wakeDescriptor >= 0 {
            _ = poll(&descriptor, 1, timeout.pollMilliseconds)
        } else {
            _ = poll(nil, 0, min(timeout, .milliseconds(250)).pollMilliseconds)
        }
        return isStopRequested
    }
}
