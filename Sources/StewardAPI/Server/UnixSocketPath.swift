#if canImport(Glibc)
import Glibc
#endif

/// Gets a unix socket path ready to bind: a socket left by an earlier run that nobody answers on
/// is removed; a live socket or any other file is refused.
enum UnixSocketPath {
    static func prepare(_ path: String) throws(APIConfigurationError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw APIConfigurationError("api.listen: unix:\(path): a file that is not a socket is in the way; remove it or choose another path")
        }
        guard !answers(path) else {
            throw APIConfigurationError("api.listen: unix:\(path): another process listens on this socket; stop it or choose another path")
        }
        unlink(path)
    }

    /// Whether something accepts connections on the socket.
    static func answers(_ path: String) -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
    }
}
