import StewardWarehouse

extension StoreError {
    /// Turns any error met while using the shared status database into a `StoreError` about
    /// `action` (a verb phrase: "record a status change of integration 4").
    ///
    /// `write` says whether something may have been sent for recording (an `.unreachable`
    /// write says it may or may not have been recorded); `term` is the writer's, for `.fenced`.
    static func shared(
        _ error: any Error, action: String, parameters: ConnectionParameters, write: Bool, term: StoreWriter.Term?
    ) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as SharedRowError:
            return StoreError(
                code: .invalidRecord,
                message: "a record in the shared status database \(parameters.database) cannot be read back "
                    + "(column \(error.column)), so steward cannot \(action); this is a bug: please report it",
                underlying: error)
        case let error as WarehouseError:
            return shared(error, action: action, parameters: parameters, write: write, term: term)
        case is EncodingError:
            return StoreError(
                code: .invalidRecord,
                message: "a value cannot be encoded as JSON, so steward cannot \(action); this is a bug: please report it",
                underlying: error)
        default:
            return StoreError(
                code: .database, message: "cannot \(action) in the shared status database \(parameters.database)",
                underlying: error)
        }
    }

    private static func shared(
        _ error: WarehouseError, action: String, parameters: ConnectionParameters, write: Bool, term: StoreWriter.Term?
    ) -> StoreError {
        if error.sqlState == SharedSQL.fencedSQLState {
            return fenced(term: term?.term ?? 0, action: action, detail: error.message, underlying: error)
        }
        switch error.kind {
        case .connectionFailed, .timeout, .authenticationFailed, .databaseNotFound, .tlsFailed, .notLeading:
            return unreachable(action: action, parameters: parameters, write: write, fix: error.fix, underlying: error)
        case .insufficientPrivilege:
            return StoreError(
                code: .permissionDenied,
                message: "\(parameters.user) lacks a privilege on the shared status database \(parameters.database), "
                    + "so steward cannot \(action); grant it what the steward_ tables need (SELECT, INSERT, UPDATE, "
                    + "DELETE, and EXECUTE on steward_fence), or connect as their owner",
                underlying: error)
        case .statementFailed where error.sqlState.map({ $0.hasPrefix("23") || $0.hasPrefix("22") }) == true:
            return StoreError(
                code: .constraintViolated,
                message: "steward tried to store a value that the schema of the shared status database "
                    + "\(parameters.database) forbids, so it cannot \(action); this is a bug: please report it",
                underlying: error)
        case .statementFailed, .invalidName, .unexpectedResponse:
            return StoreError(
                code: .database, message: "cannot \(action) in the shared status database \(parameters.database)",
                underlying: error)
        }
    }
}
