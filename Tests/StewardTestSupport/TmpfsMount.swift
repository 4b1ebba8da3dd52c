import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small tmpfs mounted for one test, so that a read-only or full file system is real rather
/// than simulated. Needs root (`CAP_SYS_ADMIN`); unmounted when the value goes away.
package final class TmpfsMount: Sendable {
    package let url: URL

    /// Mounts a tmpfs of `size` (such as `"512k"`) at `url`, or explains why it cannot.
    package init(at url: URL, size: String) throws(MountUnavailable) {
        #if canImport(Glibc)
        guard geteuid() == 0 else { throw MountUnavailable(reason: "mounting a tmpfs needs root") }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw MountUnavailable(reason: "cannot create the mount point: \(error)")
        }
        guard mount("tmpfs", url.path, "tmpfs", 0, "size=\(size),mode=0755") == 0 else {
            throw MountUnavailable(reason: "mount -t tmpfs failed: \(String(cString: strerror(errno)))")
        }
        self.url = url
        #else
        throw MountUnavailable(reason: "tmpfs mounts are Linux only")
        #endif
    }

    /// `mount -o remount,ro`.
    package func remountReadOnly() throws(MountUnavailable) {
        #if canImport(Glibc)
        guard mount("tmpfs", url.path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 else {
            throw MountUnavailable(reason: "remount,ro failed: \(String(cString: strerror(errno)))")
        }
        #endif
    }

    /// `mount -o remount,rw`.
    package func remountReadWrite() throws(MountUnavailable) {
        #if canImport(Glibc)
        guard mount("tmpfs", url.path, "tmpfs", UInt(MS_REMOUNT), nil) == 0 else {
            throw MountUnavailable(reason: "remount,rw failed: \(String(cString: strerror(errno)))")
        }
        #endif
    }

    deinit {
        #if canImport(Glibc)
        umount2(url.path, Int32(MNT_DETACH))
        #endif
    }
}

/// Why a test could not mount its own file system, to cancel (skip) the test with.
package struct MountUnavailable: Error, CustomStringConvertible {
    package let reason: String
    package var description: String { reason }
}
