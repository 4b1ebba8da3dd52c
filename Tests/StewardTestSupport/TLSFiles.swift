/// A self-signed certificate and its key, made with `openssl` in a temporary directory, for a
/// test server that speaks https. The certificate is its own CA bundle.
package struct TLSFiles: Sendable {
    package let certificatePath: String
    package let keyPath: String

    /// - Parameter names: the certificate's subject alternative names (`DNS:localhost`, `IP:127.0.0.1`).
    package init(in directory: TemporaryDirectory, names: [String]) throws {
        certificatePath = directory.file("server.pem")
        keyPath = directory.file("server.key")
        let result = try Subprocess.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=steward-test",
            "-addext", "subjectAltName=" + names.joined(separator: ","), "-keyout", keyPath, "-out", certificatePath,
        ])
        guard result.status == 0 else { throw TestSupportError("openssl could not make a certificate: \(result.stderr)") }
    }
}
