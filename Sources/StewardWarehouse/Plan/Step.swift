/// Where a step runs: the initial database (server-wide objects) or the managed database.
public enum StepTarget: String, Sendable, Hashable, Codable {
    case initialDatabase
    case managedDatabase
}

/// A warehouse object a step creates or drops, so that Steward can record its intent first.
public struct ManagedObject: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case database, user, role
    }
    public var kind: Kind
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue) \(name)" }
}

/// One idempotent piece of SQL with a human-readable description. The planner produces steps;
/// the daemon, `steward plan` and the manual-setup scripts all run or print the same steps.
public struct Step: Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public var target: StepTarget
    public var statement: SQLStatement
    /// Set when the step creates an object, so its intent can be recorded before it runs.
    public var creates: ManagedObject?
    /// Set when the step drops an object.
    public var drops: ManagedObject?

    public init(_ description: String, target: StepTarget, statement: SQLStatement, creates: ManagedObject? = nil, drops: ManagedObject? = nil) {
        self.description = description
        self.target = target
        self.statement = statement
        self.creates = creates
        self.drops = drops
    }
}
