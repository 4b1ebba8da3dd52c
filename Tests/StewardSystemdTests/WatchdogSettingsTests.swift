import StewardSystemd
import Testing

@Suite struct WatchdogSettingsTests {
    @Test func pingIntervalIsHalfTheTimeout() {
        let settings = WatchdogSettings(environment: ["WATCHDOG_USEC": "30000000"], processID: 77)
        #expect(settings?.timeout == .seconds(30))
        #expect(settings?.pingInterval == .seconds(15))
        let odd = WatchdogSettings(environment: ["WATCHDOG_USEC": "1500001"], processID: 77)
        #expect(odd?.timeout == .microseconds(1_500_001))
        #expect(odd?.pingInterval == .nanoseconds(750_000_500))
    }

    @Test func watchdogPIDMustBeThisProcess() {
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "77"], processID: 77) != nil)
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "78"], processID: 77) == nil)
        #expect(WatchdogSettings(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "x"], processID: 77) == nil)
    }

    @Test(arguments: [[:], ["WATCHDOG_USEC": ""], ["WATCHDOG_USEC": "0"], ["WATCHDOG_USEC": "-5"], ["WATCHDOG_USEC": "30s"]])
    func noWatchdog(environment: [String: String]) {
        #expect(WatchdogSettings(environment: environment, processID: 77) == nil)
    }
}
