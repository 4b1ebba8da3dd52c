import Glibc

/// Lists the entries of one directory (not recursive).
///
/// Used for the full rescans that complement `DirectoryWatcher`: at startup, periodically, and
/// whenever the watcher reports `.rescanNeeded`.
package struct DirectoryScanner: Sendable {
    /// The listed directory's path.
    package let directory: String

    /// Creates a scanner for `directory`.
    package init(directory: String) {
        self.directory = directory
    }

    /// The names of the directory's entries, sorted, without `.` and `..`, unfiltered.
    ///
    /// Names that are not valid UTF-8 are decoded with replacement characters; such names are
    /// never spec names.
    /// - Throws: `DirectoryScanError` when the directory is missing, not a directory or not
    ///   readable.
    package func entryNames() throws(DirectoryScanError) -> [String] {
        guard let stream = opendir(directory) else {
            throw DirectoryScanError(directory: directory, errno: errno)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw DirectoryScanError(directory: directory, errno: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<length]), as: UTF8.self)
            }
            if name != "." && name != ".." && !name.isEmpty { names.append(name) }
        }
        return names.sorted()
    }
}
