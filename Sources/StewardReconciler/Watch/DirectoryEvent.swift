/// Something that happened in a watched directory, as reported by `DirectoryWatcher`.
///
/// Names are entry names inside the directory (no path), unfiltered: the consumer decides which
/// names are specs. A name may be reported more than once for one change.
package enum DirectoryEvent: Sendable, Hashable {
    /// An entry was written and closed, moved into the directory, created as something other
    /// than a regular file being written (a symlink, a directory, a hard link), or had its
    /// metadata changed.
    case changed(String)
    /// An entry was deleted or moved out of the directory.
    case removed(String)
    /// Events may have been lost (the kernel's queue overflowed, the consumer fell behind, or
    /// the watch was re-established after an outage): list the directory again.
    case rescanNeeded
    /// The directory cannot be watched. The watcher keeps trying and reports `.rescanNeeded`
    /// once it watches the directory again.
    case directoryUnavailable(DirectoryUnavailableReason)
}
