import Glibc

/// The inotify mask bits used by the watcher, as `UInt32` (Glibc imports them as `Int32`).
enum InotifyMask {
    static let closeWrite = UInt32(bitPattern: IN_CLOSE_WRITE)
    static let movedTo = UInt32(bitPattern: IN_MOVED_TO)
    static let movedFrom = UInt32(bitPattern: IN_MOVED_FROM)
    static let create = UInt32(bitPattern: IN_CREATE)
    static let delete = UInt32(bitPattern: IN_DELETE)
    static let attrib = UInt32(bitPattern: IN_ATTRIB)
    static let deleteSelf = UInt32(bitPattern: IN_DELETE_SELF)
    static let moveSelf = UInt32(bitPattern: IN_MOVE_SELF)
    static let ignored = UInt32(bitPattern: IN_IGNORED)
    static let unmount = UInt32(bitPattern: IN_UNMOUNT)
    static let queueOverflow = UInt32(bitPattern: IN_Q_OVERFLOW)
    static let isDirectory = UInt32(bitPattern: IN_ISDIR)
    static let onlyDirectory = UInt32(bitPattern: IN_ONLYDIR)

    /// What the watcher asks the kernel for on the watched directory.
    static let watched = closeWrite | movedTo | movedFrom | create | delete | attrib
        | deleteSelf | moveSelf | onlyDirectory
}
