/// Statements of enforcement that are the same on both engines.
enum GovernanceStatements {
    static func createProfileTable() -> SQLStatement {
        SQLStatement("CREATE TABLE IF NOT EXISTS \(GovernanceObjects.profile) (user_name VARCHAR(128) NOT NULL, "
            + "kind VARCHAR(16) NOT NULL, name VARCHAR(256) NOT NULL, items VARCHAR(65535) NOT NULL)")
    }

    static func createViewsTable() -> SQLStatement {
        SQLStatement("CREATE TABLE IF NOT EXISTS \(GovernanceObjects.views) (object_key VARCHAR(256) NOT NULL, "
            + "view_schema VARCHAR(128) NOT NULL, view_name VARCHAR(128) NOT NULL, definition_hash VARCHAR(64) NOT NULL, "
            + "catalog_hash VARCHAR(64) NOT NULL)")
    }

    static func createImpersonationTable() -> SQLStatement {
        SQLStatement("CREATE TABLE IF NOT EXISTS \(GovernanceObjects.impersonation) (pid INTEGER NOT NULL, "
            + "session_user_name VARCHAR(128) NOT NULL, target VARCHAR(128) NOT NULL, token VARCHAR(64) NOT NULL)")
    }

    /// The querying user's profile rows; readable by everyone (each sees only their own).
    static func createProfileView(currentProof: String) -> [SQLStatement] {
        [SQLStatement("CREATE VIEW \(GovernanceObjects.myProfile) AS SELECT kind, name, items FROM \(GovernanceObjects.profile) "
            + "WHERE user_name = \(ImpersonationCheck.effectiveUser(currentSetting: currentProof))"),
         SQLStatement("GRANT SELECT ON \(GovernanceObjects.myProfile) TO PUBLIC")]
    }

    static func insertProfile(_ row: ProfileRow) -> SQLStatement {
        SQLStatement("INSERT INTO \(GovernanceObjects.profile) (user_name, kind, name, items) VALUES ($1, $2, $3, $4)",
                     parameters: [row.user, row.kind.rawValue, row.key, row.value])
    }

    static func updateProfile(_ row: ProfileRow) -> SQLStatement {
        SQLStatement("UPDATE \(GovernanceObjects.profile) SET items = $4 WHERE user_name = $1 AND kind = $2 AND name = $3",
                     parameters: [row.user, row.kind.rawValue, row.key, row.value])
    }

    static func deleteProfile(_ row: ProfileRow) -> SQLStatement {
        SQLStatement("DELETE FROM \(GovernanceObjects.profile) WHERE user_name = $1 AND kind = $2 AND name = $3",
                     parameters: [row.user, row.kind.rawValue, row.key])
    }

    static func forget(key: String) -> SQLStatement {
        SQLStatement("DELETE FROM \(GovernanceObjects.views) WHERE object_key = $1", parameters: [key])
    }

    /// The views table with the columns a record fills, in order.
    static var recordViewColumns: String {
        "\(GovernanceObjects.views) (object_key, view_schema, view_name, definition_hash, catalog_hash)"
    }

    /// Records a view just made (how depends on the engine: ``GovernanceDialect/recordView(_:)``).
    static func recordView(_ view: ViewDefinition, dialect: any GovernanceDialect) -> SQLStatement {
        dialect.recordView(view)
    }

    /// Records the impersonation function's definition (no catalog hash: functions are not views).
    static func recordFunction(hash: String) -> SQLStatement {
        SQLStatement("INSERT INTO \(recordViewColumns) VALUES ($1, $2, $3, $4, '')",
            parameters: [GovernancePlanner.functionKey, GovernanceObjects.proceduresSchema.name, GovernanceObjects.impersonateFunction.name, hash])
    }

    /// Records the catalog's rendering of a view Steward made (read by the catalog query, passed
    /// as a parameter), where the engine could not read it while recording the view.
    static func recordCatalogHash(key: String, hash: String) -> SQLStatement {
        SQLStatement("UPDATE \(GovernanceObjects.views) SET catalog_hash = $2 WHERE object_key = $1", parameters: [key, hash])
    }

    static func dropView(_ qualifiedName: String) -> SQLStatement {
        SQLStatement("DROP VIEW IF EXISTS \(qualifiedName)")
    }
}
