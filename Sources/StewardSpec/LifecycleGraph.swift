/// Every status change an integration may make: the one table of the lifecycle.
///
/// `IntegrationLifecycle` (in `StewardReconciler`) decides which of these edges a given event
/// takes; `StatusStore` refuses any change that is not an edge here, so a defect that would put
/// an integration in a status the lifecycle never meant is an error, not a silent record. The
/// README's status table is generated from ``markdownTable`` and a test keeps it in step.
///
/// A change from a status to itself is never an edge: it writes no transition row (an update of
/// the record's fields, or a `note` of an event such as a repaired drift).
package enum LifecycleGraph {
    /// One allowed change and the events that take it, in the README's words.
    package struct Edge: Hashable, Sendable {
        /// nil: the first record of a name.
        package let from: IntegrationStatus?
        package let to: IntegrationStatus
        package let when: String

        init(_ from: IntegrationStatus?, _ to: IntegrationStatus, _ when: String) {
            self.from = from
            self.to = to
            self.when = when
        }
    }

    /// Statuses a record can be in while it has a spec (file or API): everything but `deleted`
    /// and `disabled` (and the API's `migrating`/`migrateError`, which Steward never enters).
    static let active: [IntegrationStatus] = [.creating, .createError, .enabled, .editing, .editError,
                                               .recurringValidationError, .deleting, .deleteError]

    package static let edges: [Edge] = {
        var edges: [Edge] = [
            Edge(nil, .creating, "a spec is seen for the first time (file or API)"),
            Edge(nil, .createError, "the first spec seen is invalid, or refused (host taken)"),
            Edge(.deleted, .creating, "its spec is back (a new identity)"),
            Edge(.disabled, .creating, "its spec is back (the same identity: adopts what Retain kept)"),
            Edge(.creating, .enabled, "the bootstrap converged and verified"),
            Edge(.creating, .createError, "the bootstrap failed; or the spec became invalid or was refused"),
            Edge(.createError, .creating, "a retry, or a changed spec"),
            Edge(.enabled, .editing, "the spec changed"),
            Edge(.enabled, .recurringValidationError, "a routine check found drift it could not repair, or could not connect"),
            Edge(.enabled, .editError, "the spec became invalid, or changes host, port or database"),
            Edge(.editing, .enabled, "the edit converged and verified"),
            Edge(.editing, .editError, "the edit failed; or the spec became invalid or was refused"),
            Edge(.editError, .editing, "a retry, or a changed spec"),
            Edge(.recurringValidationError, .enabled, "a later check or repair succeeded"),
            Edge(.recurringValidationError, .editing, "the spec changed"),
            Edge(.recurringValidationError, .editError, "the spec became invalid, or changes host, port or database"),
            Edge(.deleting, .deleted, "everything carrying its marker was dropped; or nothing was made, or it is a manual setup"),
            Edge(.deleting, .deleteError, "the deletion failed (retried; the managed objects stay)"),
            Edge(.deleteError, .deleting, "a retry of the deletion"),
        ]
        for status in [IntegrationStatus.deleting, .deleteError] {
            edges += [
                Edge(status, .creating, "its spec is back before anything was created"),
                Edge(status, .editing, "its spec is back: the file's content is applied again"),
                Edge(status, .createError, "its spec is back, invalid or refused, before anything was created"),
                Edge(status, .editError, "its spec is back, invalid or refused"),
            ]
        }
        for status in active {
            if status != .deleting && status != .deleteError {
                edges.append(Edge(status, .deleting, "its spec was removed (file past the grace period, or API DELETE)"))
            }
            if status != .deleting {
                edges.append(Edge(status, .deleted, "its spec was removed and nothing was made, or it is a manual setup"))
            }
            edges.append(Edge(status, .disabled, "its spec was removed with deletionPolicy: Retain"))
        }
        return edges
    }()

    private static let allowed: Set<Pair> = Set(edges.map { Pair(from: $0.from, to: $0.to) })

    private struct Pair: Hashable {
        let from: IntegrationStatus?
        let to: IntegrationStatus
    }

    /// Whether a record may change from `from` (nil: no record yet) to `to`.
    package static func allows(from: IntegrationStatus?, to: IntegrationStatus) -> Bool {
        allowed.contains(Pair(from: from, to: to))
    }

    /// The table as the README shows it: one row per status, where it can go and when.
    package static var markdownTable: String {
        var lines = ["| from | to | when |", "|---|---|---|"]
        for edge in edges {
            lines.append("| \(edge.from.map { "`\($0.rawValue)`" } ?? "(new)") | `\(edge.to.rawValue)` | \(edge.when) |")
        }
        return lines.joined(separator: "\n")
    }
}
