import StewardSpec

/// How a bootstrap, check or deletion ended.
package struct BootstrapOutcome: Sendable {
    package enum Result: Sendable {
        /// The warehouse matches the spec; these steps were run to get there (empty: nothing to do).
        case converged(stepsRun: [Step])
        /// A dry run: what would run.
        case planned(Plan)
        /// A validation test failed; nothing was changed. Permanent until the spec or the
        /// warehouse changes.
        case validationFailed(message: String)
        /// The warehouse reported an error. `error.isTransient` says whether to retry.
        case failed(WarehouseError)
        /// Called off by the caller before anything was changed (a deletion whose spec file came
        /// back); `reason` says why.
        case cancelled(reason: String)
    }

    package var result: Result
    package var validationResults: ValidationResults
    package var dialect: DialectKind?

    package init(result: Result, validationResults: ValidationResults, dialect: DialectKind?) {
        self.result = result
        self.validationResults = validationResults
        self.dialect = dialect
    }

    package var succeeded: Bool {
        if case .converged = result { return true }
        return false
    }

    /// The error message of a failure, nil on success.
    package var errorMessage: String? {
        switch result {
        case .converged, .planned, .cancelled: nil
        case .validationFailed(let message): message
        case .failed(let error): error.description
        }
    }

    /// Whether the failure is worth retrying soon.
    package var isTransientFailure: Bool {
        if case .failed(let error) = result { return error.isTransient }
        return false
    }
}
