extension RedactedSpec {
    /// Whether `current` differs from this spec (the one last applied) only in the groups and
    /// attributes of its mapped users: the same users, mapped to the same warehouse users, in the
    /// same order, and every other field equal.
    ///
    /// Such an edit changes nothing but the profile rows: views are built from data sources,
    /// policies and source columns and read the profile when queried; source grants depend on
    /// which warehouse users are mapped, not on their groups; roles, the database and the system
    /// account depend on `config`. So it can be applied by rewriting the rows that differ,
    /// without re-planning every data source (`Bootstrapper.applyProfile`).
    package func differsOnlyInProfiles(from current: RedactedSpec) -> Bool {
        guard self != current else { return false }
        let mine = users ?? []
        let theirs = current.users ?? []
        guard mine.count == theirs.count,
              zip(mine, theirs).allSatisfy({ $0.name == $1.name && $0.warehouseUser == $1.warehouseUser }) else { return false }
        var applied = self
        var next = current
        applied.users = nil
        next.users = nil
        return applied == next
    }
}
