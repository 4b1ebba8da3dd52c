import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files written whole or not at all, for other folders than the state directory (the spec files
/// the HTTP API writes): a hidden temporary file beside the target, created with the final mode,
/// flushed, renamed into place, and the directory flushed.
package enum AtomicFile {
    /// Writes `bytes` to `path` with `mode` (default 0600), replacing any file there atomically.
    package static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(AtomicFileError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appending(path: ".\(url.lastPathComponent).\(UUID().uuidString.lowercased()).tmp").path
        do throws(POSIXFailure) {
            try POSIXFiles.writeAtomically(bytes, to: path, through: temporary, in: directory, mode: mode)
        } catch {
            throw AtomicFileError(action: "write", path: path, code: error.code)
        }
    }

    /// Removes `path` durably; a missing file is not an error.
    package static func remove(_ path: String) throws(AtomicFileError) {
        guard unlink(path) == 0 else {
            if errno == ENOENT { return }
            throw AtomicFileError(action: "remove", path: path, code: errno)
        }
        do throws(POSIXFailure) {
            try POSIXFiles.syncDirectory(URL(fileURLWithPath: path).deletingLastPathComponent())
        } catch {
            throw AtomicFileError(action: "flush the folder of", path: path, code: error.code)
        }
    }
}
