import Glibc

/// Why a watched directory cannot be watched.
package enum DirectoryUnavailableReason: Sendable, Hashable, CustomStringConvertible {
    /// The directory was deleted.
    case removed
    /// The directory was renamed or moved away.
    case moved
    /// The kernel dropped the watch for another reason (the file system was unmounted).
    case watchRemoved
    /// Watching failed with this `errno` (the directory is missing, not a directory, not
    /// readable, or an inotify limit was reached).
    case cannotWatch(errno: Int32)

    package var description: String {
        switch self {
        case .removed:
            return "the directory was removed; re-create it to resume watching"
        case .moved:
            return "the directory was moved away; put it back to resume watching"
        case .watchRemoved:
            return "the kernel dropped the watch (was the file system unmounted?)"
        case .cannotWatch(let code):
            let cause = String(cString: strerror(code))
            switch code {
            case ENOENT:
                return "the directory does not exist (\(cause)); create it to resume watching"
            case ENOTDIR:
                return "the path is not a directory (\(cause))"
            case EACCES, EPERM:
                return "the directory is not readable (\(cause)); check its permissions"
            case ENOSPC:
                return "the inotify watch limit is reached (\(cause)); raise fs.inotify.max_user_watches"
            case EMFILE, ENFILE:
                return "too many open files or inotify instances (\(cause)); raise fs.inotify.max_user_instances or the open-file limit"
            default:
                return "watching failed: \(cause) (errno \(code))"
            }
        }
    }
}
