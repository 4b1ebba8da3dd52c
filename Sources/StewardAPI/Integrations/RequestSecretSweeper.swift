import StewardReconciler

/// After each reconcile, removes the request passwords that are no longer needed
/// (`IntegrationService.sweepRequestSecrets`).
package struct RequestSecretSweeper: DaemonEvents {
    package let service: IntegrationService

    package init(service: IntegrationService) {
        self.service = service
    }

    package func ready() {}
    package func reloading() {}
    package func stopping() {}
    package func status(_ line: String) {}
    package func heartbeat() {}

    package func reconciled(_ report: ReconcileReport, duration: Duration) async {
        guard let record = report.record else { return }
        await service.sweepRequestSecrets(after: record)
    }
}
