import GRDB

/// The schema of the status database, as named migrations applied in order.
///
/// A migration that has shipped is never edited: a change of schema is a new migration
/// (`v2`, ...). That is also why `v1` spells out its list of statuses rather than deriving it
/// from `IntegrationStatus`: a new status needs a migration that widens the CHECK.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        return migrator
    }

    private static let v1Statuses = """
        'creating', 'enabled', 'createError', 'editing', 'editError', 'deleting', 'deleted', \
        'deleteError', 'disabled', 'migrating', 'migrateError', 'recurringValidationError'
        """

    private static func v1(_ db: Database) throws {
        try db.create(table: "integration") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique().check(sql: "length(name) > 0")
            t.column("uid", .text).notNull().unique().check(sql: "length(uid) = 36")
            t.column("status", .text).notNull().check(sql: "status IN (\(v1Statuses))")
            t.column("validationResults", .jsonText).check(sql: "validationResults IS NULL OR json_valid(validationResults)")
            t.column("desiredConfig", .jsonText).check(sql: "desiredConfig IS NULL OR json_valid(desiredConfig)")
            t.column("appliedConfig", .jsonText).check(sql: "appliedConfig IS NULL OR json_valid(appliedConfig)")
            t.column("specDigest", .text)
            t.column("appliedDigest", .text)
            t.column("host", .text).notNull()
            t.column("port", .integer).notNull().check(sql: "port BETWEEN 0 AND 65535")
            t.column("database", .text).notNull()
            t.column("systemUser", .text).notNull()
            t.column("impersonationRole", .text)
            t.column("autoBootstrap", .boolean).notNull().check(sql: "autoBootstrap IN (0, 1)")
            t.column("deletionPolicy", .text).notNull().check(sql: "deletionPolicy IN ('Delete', 'Retain')")
            t.column("credentialReference", .jsonText)
                .check(sql: """
                    credentialReference IS NULL OR (json_valid(credentialReference)
                        AND json_extract(credentialReference, '$.kind') IN ('file', 'credential'))
                    """)
            t.column("lastError", .text)
            t.column("specErrors", .jsonText).check(sql: "specErrors IS NULL OR json_valid(specErrors)")
            t.column("attempts", .integer).notNull().defaults(to: 0).check(sql: "attempts >= 0")
            t.column("nextAttemptAt", .datetime)
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
            t.column("enabledAt", .datetime)
        }
        try db.create(index: "integration_on_host_port", on: "integration", columns: ["host", "port"])

        try db.create(table: "transition") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("integrationId", .integer).notNull().indexed()
                .references("integration", onDelete: .cascade)
            t.column("fromStatus", .text).check(sql: "fromStatus IN (\(v1Statuses))")
            t.column("toStatus", .text).notNull().check(sql: "toStatus IN (\(v1Statuses))")
            t.column("reason", .text).notNull().check(sql: "length(reason) > 0")
            t.column("message", .text)
            t.column("at", .datetime).notNull()
            // A row from a status to itself records an event that kept the status (drift repaired).
        }

        try db.create(table: "ownedObject") { t in
            t.column("integrationId", .integer).notNull().references("integration", onDelete: .cascade)
            t.column("kind", .text).notNull().check(sql: "kind IN ('database', 'user', 'role')")
            t.column("name", .text).notNull().check(sql: "length(name) > 0")
            t.column("state", .text).notNull().check(sql: "state IN ('intended', 'created')")
            t.primaryKey(["integrationId", "kind", "name"])
        }

        try db.create(table: "meta") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
    }
}
