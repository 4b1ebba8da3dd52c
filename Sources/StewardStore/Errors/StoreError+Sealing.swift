/// The errors of sealed secrets and of the secret key, worded once. None names a secret or the
/// key: only rows, key ids and files.
extension StoreError {
    /// The secret of `row` was sealed under another key (`sealedWith`) than the one this host
    /// holds (`held`).
    static func secretKeyMismatch(row: String, sealedWith: String, held: String) -> StoreError {
        StoreError(
            code: .secretKeyMismatch,
            message: "the secret \(row) in the shared status database was sealed with key \(sealedWith), this host holds "
                + "key \(held): every host needs the same secret key credential. Give this host the key the others hold "
                + "(the same secret key file, or the same systemd credential) and restart steward")
    }

    /// The secret of `row` did not authenticate under this host's key.
    static func sealedSecretUnreadable(row: String, underlying: (any Error)?) -> StoreError {
        StoreError(
            code: .sealedSecretUnreadable,
            message: "the secret \(row) in the shared status database fails authentication under this host's secret key: "
                + "it was altered, or copied from another row, so steward does not use it. Restore the steward_secret "
                + "table from a backup, or delete that row so that the secret is made or asked for again",
            underlying: underlying)
    }

    /// The secret key at `source` (a file or credential, as the operator named it) cannot be
    /// used: `problem` says why.
    static func secretKeyInvalid(source: String, problem: String, fix: String) -> StoreError {
        StoreError(code: .secretKeyInvalid, message: "\(source): \(problem); \(fix)")
    }
}
