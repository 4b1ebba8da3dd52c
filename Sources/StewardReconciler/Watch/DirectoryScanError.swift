import Glibc

/// A directory could not be listed.
package struct DirectoryScanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure it was.
    package enum Code: Sendable, Hashable {
        /// The directory does not exist.
        case notFound
        /// The path exists but is not a directory.
        case notADirectory
        /// The directory may not be read.
        case permissionDenied
        /// Anything else; see `errno`.
        case other
    }

    /// What kind of failure it was.
    package let code: Code
    /// The directory that could not be listed.
    package let directory: String
    /// The underlying `errno`.
    package let errno: Int32

    /// Creates an error from the `errno` of a failed `opendir` or `readdir`.
    package init(directory: String, errno: Int32) {
        self.directory = directory
        self.errno = errno
        switch errno {
        case ENOENT: code = .notFound
        case ENOTDIR: code = .notADirectory
        case EACCES, EPERM: code = .permissionDenied
        default: code = .other
        }
    }

    /// What went wrong and how to fix it.
    package var message: String {
        switch code {
        case .notFound: "the directory does not exist; create it or correct the path"
        case .notADirectory: "the path is not a directory; point it at a directory"
        case .permissionDenied: "the directory may not be read; check its owner and permissions"
        case .other: "listing the directory failed"
        }
    }

    package var description: String {
        "cannot list \(directory): \(message) (\(String(cString: strerror(errno))))"
    }
}
