/// Turns libpq's connection failure text into a typed `WarehouseError` with a fix.
///
/// libpq reports connection failures as text only (no SQLSTATE reaches the client before a
/// session exists), so classification is by the stable phrases libpq and the server use.
enum ConnectionErrorClassifier {
    static func classify(_ raw: String, parameters p: ConnectionParameters) -> WarehouseError {
        let message = PGConnection.tidy(raw)
        let lower = message.lowercased()
        let target = "\(p.host):\(p.port)"
        if lower.contains("password authentication failed") || lower.contains("authentication failed")
            || lower.contains("no password supplied") || lower.contains("password is required")
            || (lower.contains("role \"") && lower.contains("does not exist")) {
            return WarehouseError(kind: .authenticationFailed, sqlState: "28P01", message: message,
                                  fix: "check config.username and its password source for \(target); the account must exist and the password must be current")
        }
        if lower.contains("database \"") && lower.contains("does not exist") {
            return WarehouseError(kind: .databaseNotFound, sqlState: "3D000", message: message,
                                  fix: "check that database \"\(p.database)\" exists on \(target), or correct the spec")
        }
        if lower.contains("cannot connect to invalid database") {
            return WarehouseError(kind: .connectionFailed, message: message,
                                  fix: "database \"\(p.database)\" on \(target) was left invalid by an interrupted DROP DATABASE; "
                                    + "Steward finishes the drop when it deletes or re-creates the integration that owns it, "
                                    + "otherwise drop it by hand (DROP DATABASE)")
        }
        if lower.contains("timeout expired") || lower.contains("timed out") {
            return WarehouseError(kind: .timeout, message: message,
                                  fix: "check that \(target) is reachable from this host (security group, VPC route, cluster status); Steward retries")
        }
        if lower.contains("ssl") && (lower.contains("does not support") || lower.contains("certificate") || lower.contains("ssl error")) {
            return WarehouseError(kind: .tlsFailed, message: message,
                                  fix: "check config.sslMode (\(p.sslMode.rawValue)) and config.sslRootCert; Redshift needs at least require")
        }
        if lower.contains("no pg_hba.conf entry") {
            return WarehouseError(kind: .authenticationFailed, sqlState: "28000", message: message,
                                  fix: "the server does not accept this user from this host; allow it in the server's access rules")
        }
        return WarehouseError(kind: .connectionFailed, message: message,
                              fix: "check config.host and config.port (\(target)) and that the server is running; Steward retries")
    }
}
