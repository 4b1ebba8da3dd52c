import StewardReconciler

/// After each reconcile, removes the request passwords that are no longer needed
/// (`IntegrationService.sweepRequestSecrets`).
public struct RequestSecretSweeper: DaemonEvents {
    public let service: IntegrationService

    public init(service: IntegrationService) {
        self.service = service
    }

    public func ready() {}
    public func reloading() {}
    public func stopping() {}
    public func status(_ line: String) {}
    public func heartbeat() {}

    public func reconciled(_ report: ReconcileReport, duration: Duration) {
        guard let record = report.record else { return }
        service.sweepRequestSecrets(after: record)
    }
}
