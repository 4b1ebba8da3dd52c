import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be written or removed: what, where and the system's reason.
package struct AtomicFileError: Error, Sendable, CustomStringConvertible {
    package var action: String
    package var path: String
    package var code: Int32

    package var description: String {
        "cannot \(action) \(path): \(String(cString: strerror(code))); check that the steward service may write that folder"
    }
}
