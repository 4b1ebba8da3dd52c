import ArgumentParser

/// `steward run`'s flags for a status store shared by several hosts; each wins over the same
/// setting of the config file's `store:` section (see `SharedStoreSettings`).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: "A PostgreSQL status store shared by several hosts: postgresql://USER@HOST:PORT/DATABASE?sslmode=… (no password in it).")
    var url: String?

    @Option(name: .customLong("store-password-file"), help: "File holding the shared store's password.")
    var passwordFile: String?

    @Option(name: .customLong("store-password-credential"), help: "systemd credential holding the shared store's password ($CREDENTIALS_DIRECTORY/NAME).")
    var passwordCredential: String?

    @Option(name: .customLong("store-secret-key-file"), help: "File holding the 32-byte key (raw or base64) that seals generated passwords in the shared store; the same on every host.")
    var secretKeyFile: String?

    @Option(name: .customLong("store-secret-key-credential"), help: "systemd credential holding that key.")
    var secretKeyCredential: String?

    @Option(name: .customLong("member"), help: "This host's name among the hosts sharing the store (default: the host name).")
    var member: String?

    @Option(name: .customLong("lease"), help: "The leadership lease, e.g. 15s (default 15s).")
    var lease: String?

    /// The file's section with every flag given laid over it; nil when neither names a store.
    func section(over file: SharedStoreSettings.Section?) -> SharedStoreSettings.Section? {
        let given = [url, passwordFile, passwordCredential, secretKeyFile, secretKeyCredential, member, lease].contains { $0 != nil }
        guard file != nil || given else { return nil }
        var section = file ?? SharedStoreSettings.Section()
        if let url { section.url = url }
        // A flag for one source of a secret replaces the file's choice of source.
        if passwordFile != nil || passwordCredential != nil {
            (section.passwordFile, section.passwordCredential) = (passwordFile, passwordCredential)
        }
        if secretKeyFile != nil || secretKeyCredential != nil {
            (section.secretKeyFile, section.secretKeyCredential) = (secretKeyFile, secretKeyCredential)
        }
        if let member { section.member = member }
        if let lease { section.lease = lease }
        return section
    }
}
