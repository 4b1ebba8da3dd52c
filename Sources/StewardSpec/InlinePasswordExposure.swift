#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An inline password in a spec file that users other than its owner can read.
///
/// Inline passwords are allowed (the seed's request bodies carry them), but then the file is a
/// secret: readable by its group or by others, it hands the warehouse's privileged password to
/// every account that can read the folder. `steward validate` and the daemon warn about it; the
/// spec stays valid.
package enum InlinePasswordExposure {
    /// A warning at the inline password's field when `spec` holds one and the file at `path`
    /// (a symbolic link is followed, as reading does) grants read access to its group or to
    /// others; nil otherwise, and when the file cannot be examined.
    package static func warning(for spec: IntegrationSpec, fileAt path: String) -> SpecError? {
        guard let field = inlinePasswordField(spec) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        let readers = [(mode & 0o040) != 0 ? "its group" : nil, (mode & 0o004) != 0 ? "others" : nil].compactMap { $0 }
        guard !readers.isEmpty else { return nil }
        return SpecError(
            path: field,
            message: "the password is written in the file, and the file is readable by \(readers.joined(separator: " and ")) "
                + "(mode \(octal(mode)))",
            fix: "move the password to passwordFile or passwordCredential, or let only the user steward runs as read the file "
                + "(chown steward FILE; chmod 0600 FILE)")
    }

    /// `config.password` or `config.okta.password`, whichever is inline.
    static func inlinePasswordField(_ spec: IntegrationSpec) -> String? {
        if case .inline = spec.config.password { return "config.password" }
        if case .inline = spec.config.okta?.password { return "config.okta.password" }
        return nil
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
