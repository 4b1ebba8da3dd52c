import StewardSpec
import StewardStore

/// What one reconcile of one name did, for the work queue and the CLI.
package struct ReconcileReport: Sendable {
    package enum Disposition: Sendable, Hashable {
        /// The warehouse matches the spec (or the removal finished).
        case converged
        /// Failed for a reason that may pass: retry with backoff.
        case transientFailure
        /// Failed until the spec or the warehouse changes: wait for a change or the slow resync.
        case permanentFailure
        /// Nothing to do (no file and no record, or already deleted/disabled).
        case idle
        /// A removal was called off because the spec file is there again when it was about to
        /// act; nothing was dropped. Reconcile the name again, as a present file.
        case fileReturned
    }

    package var name: String
    package var disposition: Disposition
    package var record: IntegrationRecord?
    /// The steps run (or, for a dry run, planned), in order.
    package var steps: [String]
    package var message: String?

    package init(name: String, disposition: Disposition, record: IntegrationRecord?, steps: [String] = [], message: String? = nil) {
        self.name = name
        self.disposition = disposition
        self.record = record
        self.steps = steps
        self.message = message
    }
}
