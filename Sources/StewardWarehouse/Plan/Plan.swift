/// The ordered steps that bring the warehouse to the desired state: first those that run in the
/// initial database (server-wide objects), then those inside the managed database.
public struct Plan: Sendable, Hashable {
    public var serverSteps: [Step]
    public var databaseSteps: [Step]

    public init(serverSteps: [Step], databaseSteps: [Step]) {
        self.serverSteps = serverSteps
        self.databaseSteps = databaseSteps
    }

    public var steps: [Step] { serverSteps + databaseSteps }
    public var isEmpty: Bool { serverSteps.isEmpty && databaseSteps.isEmpty }

    /// Steps that need the privileged account (everything today: creating objects and grants).
    public var requiresPrivilegedAccount: Bool { !isEmpty }
}
