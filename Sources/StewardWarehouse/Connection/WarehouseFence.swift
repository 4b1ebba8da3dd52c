/// Whether this task may still talk to the warehouse: set by a daemon that shares its status
/// store with others, around each reconcile, to "this daemon still believes it leads".
///
/// Every connect and every exchange asks first (`PGConnection`), so a leader that was paused or
/// cut off past its lease sends nothing more to the warehouse once it wakes: its belief has run
/// out by its own clock before any other daemon could take over (`LeaderElection`). What was
/// already on the wire when it stopped is beyond any client's reach; the next write to the
/// status store is refused by the database's fence in any case.
///
/// The shared status store's own connections clear it (`SharedConnectionPool`): the store has
/// its own fence, in the database.
package enum WarehouseFence {
    /// A class, not the closure itself: a task-local whose value is a function type crashes
    /// optimised builds of Swift 6.3 in `swift_task_localValuePush`.
    @TaskLocal package static var permit: WarehousePermit?

    /// Throws when the task's permit says no (a deposed leader); `what` names the refused step.
    static func check(_ what: String) throws(WarehouseError) {
        guard let permit, !permit.allows() else { return }
        throw WarehouseError(
            kind: .notLeading, message: "this daemon no longer leads the daemons sharing its status store, so it sends nothing more to the warehouse",
            fix: "nothing to do: the leading daemon reconciles the integration", statement: what)
    }
}

/// What ``WarehouseFence`` asks: whether this task may still talk to the warehouse.
package final class WarehousePermit: Sendable {
    let allows: @Sendable () -> Bool

    package init(_ allows: @escaping @Sendable () -> Bool) {
        self.allows = allows
    }
}
