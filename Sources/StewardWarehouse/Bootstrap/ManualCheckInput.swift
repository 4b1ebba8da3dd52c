import StewardSpec

/// What checking a manual setup needs: the spec, how to log in as its system account, and the
/// impersonation role it had before (so that a role the edit script should drop is reported).
package struct ManualCheckInput: Sendable {
    package var integrationName: String
    package var spec: IntegrationSpec
    /// The system account in the managed database (password, or federated credentials).
    package var login: ConnectionParameters
    package var previousRole: String?
    /// The spec file's name, for the fixes (`steward script create FILE`).
    package var fileName: String
    /// Validation tests that ran before the check (the federated login), reported first.
    package var priorTests: [ValidationTest] = []
    /// See `BootstrapInput.governanceApplied`.
    package var governanceApplied = true

    package init(integrationName: String, spec: IntegrationSpec, login: ConnectionParameters, previousRole: String?, fileName: String) {
        self.integrationName = integrationName
        self.spec = spec
        self.login = login
        self.previousRole = previousRole
        self.fileName = fileName
    }
}
