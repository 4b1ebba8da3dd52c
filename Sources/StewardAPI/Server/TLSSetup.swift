import HummingbirdTLS
import NIOSSL

/// The server side of TLS from the PEM files of the settings.
enum TLSSetup {
    static func configuration(_ files: APISettings.TLSFiles) throws(APIConfigurationError) -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
        } catch {
            throw APIConfigurationError("api.tlsCertificate: \(files.certificate): cannot read a PEM certificate chain (\(error))")
        }
        guard !chain.isEmpty else {
            throw APIConfigurationError("api.tlsCertificate: \(files.certificate): the file holds no certificate")
        }
        do {
            key = try NIOSSLPrivateKey(file: files.key, format: .pem)
        } catch {
            throw APIConfigurationError("api.tlsKey: \(files.key): cannot read a PEM private key (\(error)); it must not be encrypted")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
