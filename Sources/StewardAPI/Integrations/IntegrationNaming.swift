import StewardSpec

/// The name (and so the spec file name) of an integration created through the API.
///
/// `?name=NAME` chooses it. Otherwise it is derived from the body: the managed database, a dash
/// and 8 hex digits of SHA-256 over `host:port/database` (host in lower case), e.g.
/// `immuta-3f2a9c1e`. The same target always gets the same name, which the manual setup needs:
/// its scripts derive the ownership marker from the name, so `scripts/initial-create`,
/// `scripts/create` and the `POST` that follows them must agree on it without sharing state.
/// Two integrations on different targets never get the same derived name, and a target holds at
/// most one active integration (a second is a 409 conflict).
enum IntegrationNaming {
    static func name(for spec: IntegrationSpec, requested: String?) throws(APIError) -> String {
        if let requested {
            // One function decides for the API and the watcher: a name the watcher would ignore is refused.
            if let problem = SpecFileName.problem(integrationName: requested) {
                throw APIError(.badRequest, "name: \(requested) cannot be used: \(problem); choose another ?name=")
            }
            return requested
        }
        return derived(for: spec.config)
    }

    static func derived(for config: RedshiftConfig) -> String {
        var slug = ""
        for scalar in config.database.lowercased().unicodeScalars {
            let allowed = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
            slug.unicodeScalars.append(allowed ? scalar : "-")
        }
        let hash = SHA256.hexDigest(of: "\(config.host.lowercased()):\(config.port)/\(config.database)").prefix(8)
        return "\(slug.prefix(100))-\(hash)"
    }
}
