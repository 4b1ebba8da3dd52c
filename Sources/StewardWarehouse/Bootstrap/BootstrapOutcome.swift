import StewardSpec

/// How a bootstrap, check or deletion ended.
public struct BootstrapOutcome: Sendable {
    public enum Result: Sendable {
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

    public var result: Result
    public var validationResults: ValidationResults
    public var dialect: DialectKind?

    public init(result: Result, validationResults: ValidationResults, dialect: DialectKind?) {
        self.result = result
        self.validationResults = validationResults
        self.dialect = dialect
    }

    public var succeeded: Bool {
        if case .converged = result { return true }
        return false
    }

    /// The error message of a failure, nil on success.
    public var errorMessage: String? {
        switch result {
        case .converged, .planned, .cancelled: nil
        case .validationFailed(let message): message
        case .failed(let error): error.description
        }
    }

    /// Whether the failure is worth retrying soon.
    public var isTransientFailure: Bool {
        if case .failed(let error) = result { return error.isTransient }
        return false
    }
}
