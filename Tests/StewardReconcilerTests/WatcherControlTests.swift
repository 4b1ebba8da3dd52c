import Testing
@testable import StewardReconciler

@Suite struct WatcherControlTests {
    @Test func aStopRequestWakesAWaitAndSurvivesClosing() {
        let control = WatchControl()
        #expect(control.wakeDescriptor >= 0)
        #expect(!control.isStopRequested)
        #expect(!control.waitForStop(timeout: .milliseconds(1)))
        control.requestStop()
        #expect(control.waitForStop(timeout: .seconds(3_600)))
        control.closeWakeDescriptors()
        control.requestStop()
        control.closeWakeDescriptors()
        #expect(control.isStopRequested)
    }
}
