/// How the processing of one name ended, as reported to the work queue with `done`.
package enum WorkOutcome: Sendable, Hashable {
    /// The name was reconciled. Its backoff is reset.
    case success
    /// A failure that may go away by itself (connection refused, serialization failure, timeout).
    /// The name is retried after a backoff delay that grows with each consecutive failure.
    case transientFailure
    /// A failure that retrying will not fix (invalid spec, missing privilege, wrong password).
    /// The name is not retried automatically; it runs again after a change of its file, or when
    /// the periodic resync adds it, but not before its backoff delay has passed.
    case permanentFailure
    /// The name no longer exists (its file was removed and the removal was carried out).
    /// All state kept for it is dropped.
    case forget
}
