import StewardSpec

/// What checking a manual setup needs: the spec, how to log in as its system account, and the
/// impersonation role it had before (so that a role the edit script should drop is reported).
public struct ManualCheckInput: Sendable {
    public var integrationName: String
    public var spec: IntegrationSpec
    /// The system account in the managed database (password, or federated credentials).
    public var login: ConnectionParameters
    public var previousRole: String?
    /// The spec file's name, for the fixes (`steward script create FILE`).
    public var fileName: String
    /// Validation tests that ran before the check (the federated login), reported first.
    public var priorTests: [ValidationTest] = []
    /// See `BootstrapInput.governanceApplied`.
    public var governanceApplied = true

    public init(integrationName: String, spec: IntegrationSpec, login: ConnectionParameters, previousRole: String?, fileName: String) {
        self.integrationName = integrationName
        self.spec = spec
        self.login = login
        self.previousRole = previousRole
        self.fileName = fileName
    }
}
