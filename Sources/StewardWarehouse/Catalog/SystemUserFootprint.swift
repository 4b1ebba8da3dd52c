/// What the system account owns and holds in one database: everything that must go before the
/// account can be dropped. Redshift refuses `DROP USER` while the user owns an object or holds a
/// privilege — but checks only the database the statement runs in; objects in another database
/// are left owned by "unknown" (https://docs.aws.amazon.com/redshift/latest/dg/r_DROP_USER.html).
/// Redshift has no `DROP OWNED`, so in single-database mode (`existingDatabase: true`) Steward
/// reads this from the catalog and removes each item in the managed database first.
///
/// Read from `pg_namespace`, `pg_class` and `pg_user` (PostgreSQL 8.0's catalog, which both
/// engines keep: https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html),
/// catalog tables only, so nothing is mixed with user tables
/// (https://docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html). The ACLs
/// are judged from the account's own entries, as `SourceGrants.observe` does.
package struct SystemUserFootprint: Sendable, Hashable {
    package struct Relation: Sendable, Hashable, Comparable {
        package var schema: SQLIdentifier
        package var name: SQLIdentifier
        package var isView: Bool

        package init(schema: SQLIdentifier, name: SQLIdentifier, isView: Bool) {
            self.schema = schema
            self.name = name
            self.isView = isView
        }

        package static func < (lhs: Relation, rhs: Relation) -> Bool { (lhs.schema.name, lhs.name.name) < (rhs.schema.name, rhs.name.name) }

        package var quoted: String { "\(schema.quoted).\(name.quoted)" }
    }

    /// Schemas the account owns (Steward's three, and the schemas it created to publish views in).
    package var ownedSchemas: Set<SQLIdentifier>
    /// Tables and views the account owns (the published views, wherever the spec put them).
    package var ownedRelations: Set<Relation>
    /// Tables and views someone else owns on which the account holds a privilege (source tables).
    package var grantedRelations: Set<Relation>
    /// Schemas someone else owns on which the account holds a privilege (the sources' schemas).
    package var grantedSchemas: Set<SQLIdentifier>

    package init(ownedSchemas: Set<SQLIdentifier> = [], ownedRelations: Set<Relation> = [], grantedRelations: Set<Relation> = [],
                grantedSchemas: Set<SQLIdentifier> = []) {
        self.ownedSchemas = ownedSchemas
        self.ownedRelations = ownedRelations
        self.grantedRelations = grantedRelations
        self.grantedSchemas = grantedSchemas
    }

    /// Schemas the account owns or holds a privilege on (parameter: the account's name).
    static let schemasSQL = """
        SELECT n.nspname AS schema_name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
        FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner
        WHERE o.usename = $1 OR n.nspacl IS NOT NULL
        """
    /// Tables and views the account owns or that carry an ACL (parameter: the account's name).
    static let relationsSQL = """
        SELECT n.nspname AS schema_name, c.relname AS relation_name, c.relkind AS relation_kind, COALESCE(o.usename, '') AS owner,
          c.relacl AS acl
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_user o ON o.usesysid = c.relowner
        WHERE c.relkind IN ('r', 'v') AND (o.usename = $1 OR c.relacl IS NOT NULL)
        """

    /// The queries `observe` sends, by name (pinned by golden files).
    package static var queryTexts: [(String, String)] { [("footprint schemas", schemasSQL), ("footprint relations", relationsSQL)] }

    /// Reads the footprint of `user`, connected to the database in question as the privileged account.
    package static func observe(_ connection: PGConnection, user: String) async throws -> SystemUserFootprint {
        var footprint = SystemUserFootprint()
        for row in try await connection.query(schemasSQL, [user]).rows where row.count == 3 {
            guard let schema = row[0] else { continue }
            if row[1] == user {
                footprint.ownedSchemas.insert(try SQLIdentifier(schema))
            } else if !(ACLItem.parseArray(row[2]) ?? []).privileges(of: user).isEmpty {
                footprint.grantedSchemas.insert(try SQLIdentifier(schema))
            }
        }
        for row in try await connection.query(relationsSQL, [user]).rows where row.count == 5 {
            guard let schema = row[0], let name = row[1] else { continue }
            let owned = row[3] == user
            guard owned || !(ACLItem.parseArray(row[4]) ?? []).privileges(of: user).isEmpty else { continue }
            let relation = Relation(schema: try SQLIdentifier(schema), name: try SQLIdentifier(name), isView: row[2] == "v")
            if owned {
                footprint.ownedRelations.insert(relation)
            } else {
                footprint.grantedRelations.insert(relation)
            }
        }
        return footprint
    }
}
