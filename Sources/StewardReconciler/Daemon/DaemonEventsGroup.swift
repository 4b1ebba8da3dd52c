/// Sends every event to several observers, in order (systemd, then the HTTP API, ...).
package struct DaemonEventsGroup: DaemonEvents {
    package let members: [any DaemonEvents]

    package init(_ members: [any DaemonEvents]) {
        self.members = members
    }

    package func ready() { members.forEach { $0.ready() } }
    package func reloading() { members.forEach { $0.reloading() } }
    package func stopping() { members.forEach { $0.stopping() } }
    package func status(_ line: String) { members.forEach { $0.status(line) } }
    package func heartbeat() { members.forEach { $0.heartbeat() } }
    package func reconciled(_ report: ReconcileReport, duration: Duration) async {
        for member in members { await member.reconciled(report, duration: duration) }
    }
}
