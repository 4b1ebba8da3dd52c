import Logging

extension Logger.Level {
    /// The syslog priority journald files this level under (`PRIORITY=`), as `syslog(3)` numbers
    /// them: trace and debug → 7 (debug), info → 6, notice → 5, warning → 4, error → 3,
    /// critical → 2 (crit). swift-log has no level for alert (1) or emerg (0).
    package var syslogPriority: Int {
        switch self {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }
}
