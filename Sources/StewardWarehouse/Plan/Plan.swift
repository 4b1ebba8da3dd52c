/// The ordered steps that bring the warehouse to the desired state: first those that run in the
/// initial database (server-wide objects), then those inside the managed database.
package struct Plan: Sendable, Hashable {
    package var serverSteps: [Step]
    package var databaseSteps: [Step]

    package init(serverSteps: [Step], databaseSteps: [Step]) {
        self.serverSteps = serverSteps
        self.databaseSteps = databaseSteps
    }

    package var steps: [Step] { serverSteps + databaseSteps }
    package var isEmpty: Bool { serverSteps.isEmpty && databaseSteps.isEmpty }

    /// Steps that need the privileged account (everything today: creating objects and grants).
    package var requiresPrivilegedAccount: Bool { !isEmpty }
}
