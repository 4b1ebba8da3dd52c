import StewardSpec

/// Plans enforcement inside the managed database, run as the system account. Pure, like
/// `Planner`: the daemon, `steward plan` and the tests see the same steps.
///
/// Minimal change: users, groups, attributes and subscriptions are profile rows (DML only);
/// a view is re-created only when its definition changed (a masking or row-filter policy that
/// covers it, its columns), when it is missing, or when the catalog's rendering of it no longer
/// matches what Steward recorded (it was replaced by hand).
package struct GovernancePlanner: Sendable {
    package static let functionKey = "@impersonate"
    /// The description of a step that only records a view's catalog hash (see
    /// `GovernanceDialect.recordsCatalogHashInline`).
    package static let recordStepPrefix = "Record the catalog's rendering of view "

    package var dialect: any GovernanceDialect

    package init(dialect: any GovernanceDialect) {
        self.dialect = dialect
    }

    /// The views the spec calls for, given the observed source columns.
    package func views(_ governance: Governance, observed: GovernanceObservation, managedDatabase: String) throws -> [ViewDefinition] {
        try governance.dataSources.map { source in
            guard let columns = observed.sourceColumns[source.name], !columns.isEmpty else {
                throw WarehouseError(kind: .invalidName, message: "data source \(source.name): table \(source.table) does not exist or has no columns the system account can see",
                                     fix: "create the table, or correct dataSources[].table; the system account needs USAGE on its schema")
            }
            return try ViewDefinition.build(source, columns: columns, policies: governance.policies,
                                            managedDatabase: managedDatabase, dialect: dialect)
        }
    }

    package func plan(_ governance: Governance, impersonationRole: SQLIdentifier?, managedDatabase: String,
                     observed: GovernanceObservation) throws -> [Step] {
        var steps: [Step] = []
        func add(_ description: String, _ statements: [SQLStatement]) {
            steps += statements.map { Step(description, target: .managedDatabase, statement: $0) }
        }
        let publishSchemas = Set(governance.dataSources.map(\.schema)).subtracting(observed.schemas).sorted()
        for schema in publishSchemas {
            let identifier = try SQLIdentifier(schema)
            add("Create schema \(schema) for published views", [
                SQLStatement("CREATE SCHEMA IF NOT EXISTS \(identifier.quoted)"),
                SQLStatement("GRANT USAGE ON SCHEMA \(identifier.quoted) TO PUBLIC"),
            ])
        }
        if !observed.profileTableExists { add("Create the profile table", [GovernanceStatements.createProfileTable()]) }
        if !observed.viewsTableExists { add("Create the view tracking table", [GovernanceStatements.createViewsTable()]) }
        if !observed.impersonationTableExists { add("Create the impersonation table", [GovernanceStatements.createImpersonationTable()]) }
        if !observed.profileViewExists {
            add("Create the profile view (the querying user's rows)", GovernanceStatements.createProfileView(currentProof: dialect.currentProof))
        }

        // Impersonation function: present and current exactly when impersonation is on.
        if let role = impersonationRole {
            let function = dialect.createImpersonateFunction(role: role)
            let grants = dialect.grantImpersonate(to: role)
            // The grants are part of the hash: on Redshift the EXECUTE grant is the only check of
            // who may call it, so a changed role must re-create and re-grant.
            let hash = SHA256.hexDigest(of: ([function] + grants).map(\.text).joined(separator: ";\n"))
            if observed.impersonateFunctionHash != hash {
                add("Create \(GovernanceObjects.proceduresSchema.name).\(GovernanceObjects.impersonateFunction.name) for members of \(role.name)",
                    [function] + grants
                        + [GovernanceStatements.forget(key: Self.functionKey), GovernanceStatements.recordFunction(hash: hash)])
            }
        } else if observed.impersonateFunctionHash != nil {
            add("Drop the impersonation function (impersonation is off)",
                [dialect.dropImpersonateFunction(), GovernanceStatements.forget(key: Self.functionKey)])
        }

        // Views.
        let views = try self.views(governance, observed: observed, managedDatabase: managedDatabase)
        let wanted = Dictionary(views.map { ($0.dataSource, $0) }, uniquingKeysWith: { first, _ in first })
        for tracked in observed.tracked.values.sorted(by: { $0.key < $1.key }) where tracked.key != Self.functionKey {
            let moved = wanted[tracked.key].map { "\($0.schema.name).\($0.name.name)" != tracked.qualifiedName } ?? false
            if wanted[tracked.key] == nil || moved {
                let name = "\(try SQLIdentifier(tracked.schema).quoted).\(try SQLIdentifier(tracked.name).quoted)"
                add("Drop view \(tracked.qualifiedName) (data source \(tracked.key) \(moved ? "moved" : "removed"))",
                    [GovernanceStatements.dropView(name), GovernanceStatements.forget(key: tracked.key)])
            }
        }
        for view in views {
            let tracked = observed.tracked[view.dataSource]
            let live = observed.liveViews["\(view.schema.name).\(view.name.name)"]
            if let tracked, let live, tracked.catalogHash.isEmpty, tracked.definitionHash == view.definitionHash,
               tracked.qualifiedName == "\(view.schema.name).\(view.name.name)" {
                add(Self.recordStepPrefix + "\(view.schema.name).\(view.name.name)",
                    [GovernanceStatements.recordCatalogHash(key: view.dataSource, hash: live)])
                continue
            }
            let reason: String? = switch (tracked, live) {
            case (nil, _): "new data source"
            case (_, nil): "the view is missing"
            case (let tracked?, _) where tracked.definitionHash != view.definitionHash: "its policies or columns changed"
            case (let tracked?, let live?) where tracked.catalogHash != live: "it was changed outside Steward"
            default: nil
            }
            guard let reason else { continue }
            add("Create view \(view.schema.name).\(view.name.name) for data source \(view.dataSource) (\(reason))", [
                GovernanceStatements.dropView(view.qualifiedName),
                SQLStatement(view.sql),
                SQLStatement("GRANT SELECT ON \(view.qualifiedName) TO PUBLIC"),
                GovernanceStatements.forget(key: view.dataSource),
                GovernanceStatements.recordView(view, dialect: dialect),
            ])
        }

        return steps + profileSteps(governance, current: observed.profileRows)
    }

    /// The profile rows that differ from what `governance` calls for: one statement per row.
    package func profileSteps(_ governance: Governance, current rows: [ProfileRow]) -> [Step] {
        var steps: [Step] = []
        func add(_ description: String, _ statement: SQLStatement) {
            steps.append(Step(description, target: .managedDatabase, statement: statement))
        }
        let desired = Dictionary(ProfileRow.desired(governance).map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        let current = Dictionary(rows.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        for row in current.values.sorted() where desired[row.identity] == nil {
            add("Remove \(row.kind.rawValue) \(row.key) of \(row.user) from the profile", GovernanceStatements.deleteProfile(row))
        }
        for row in desired.values.sorted() {
            guard let existing = current[row.identity] else {
                add("Add \(row.kind.rawValue) \(row.key) of \(row.user) to the profile", GovernanceStatements.insertProfile(row))
                continue
            }
            if existing.value != row.value {
                add("Update \(row.kind.rawValue) \(row.key) of \(row.user) in the profile", GovernanceStatements.updateProfile(row))
            }
        }
        return steps
    }
}
