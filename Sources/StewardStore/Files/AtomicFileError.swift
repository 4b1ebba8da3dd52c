import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be written or removed: what, where and the system's reason.
public struct AtomicFileError: Error, Sendable, CustomStringConvertible {
    public var action: String
    public var path: String
    public var code: Int32

    public var description: String {
        "cannot \(action) \(path): \(String(cString: strerror(code))); check that the steward service may write that folder"
    }
}
