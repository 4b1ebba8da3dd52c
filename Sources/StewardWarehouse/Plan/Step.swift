/// Where a step runs: the initial database (server-wide objects) or the managed database.
package enum StepTarget: String, Sendable, Hashable, Codable {
    case initialDatabase
    case managedDatabase
}

/// A warehouse object a step creates or drops, so that Steward can record its intent first.
package struct ManagedObject: Sendable, Hashable, Codable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable, Codable {
        case database, user, role
    }
    package var kind: Kind
    package var name: String

    package init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    package var description: String { "\(kind.rawValue) \(name)" }
}

/// One idempotent piece of SQL with a human-readable description. The planner produces steps;
/// the daemon, `steward plan` and the manual-setup scripts all run or print the same steps.
package struct Step: Sendable, Hashable, CustomStringConvertible {
    package var description: String
    package var target: StepTarget
    package var statement: SQLStatement
    /// Set when the step creates an object, so its intent can be recorded before it runs.
    package var creates: ManagedObject?
    /// Set when the step drops an object.
    package var drops: ManagedObject?

    package init(_ description: String, target: StepTarget, statement: SQLStatement, creates: ManagedObject? = nil, drops: ManagedObject? = nil) {
        self.description = description
        self.target = target
        self.statement = statement
        self.creates = creates
        self.drops = drops
    }
}
