/// The five manual-setup scripts, named as the product's `/integrations/scripts/...` endpoints.
package enum SetupScriptKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Run in `initialDatabase`: the managed database, the system account, the impersonation role.
    case initialCreate = "initial-create"
    /// Run inside the managed database: schemas, grants, the ownership marker.
    case create
    /// Moves an existing integration from its last applied config to an edited one.
    case edit
    /// Removes an integration that was created.
    case delete
    /// Removes whatever a failed creation left behind.
    case cleanup
}
