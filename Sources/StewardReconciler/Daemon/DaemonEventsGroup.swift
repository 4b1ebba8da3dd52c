/// Sends every event to several observers, in order (systemd, then metrics, ...).
public struct DaemonEventsGroup: DaemonEvents {
    public let members: [any DaemonEvents]

    public init(_ members: [any DaemonEvents]) {
        self.members = members
    }

    public func ready() { members.forEach { $0.ready() } }
    public func reloading() { members.forEach { $0.reloading() } }
    public func stopping() { members.forEach { $0.stopping() } }
    public func status(_ line: String) { members.forEach { $0.status(line) } }
    public func heartbeat() { members.forEach { $0.heartbeat() } }
    public func reconciled(_ report: ReconcileReport, duration: Duration) {
        members.forEach { $0.reconciled(report, duration: duration) }
    }
}
