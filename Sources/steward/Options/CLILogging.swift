import ArgumentParser
import Logging
import StewardSystemd

/// Logging for every command: the journal when standard error is connected to it (under
/// systemd), else readable lines on stderr, or JSON lines with `--log-format json`.
enum CLILogging {
    static func logger(level: Logger.Level, format: LogFormat? = nil) -> Logger {
        let choice = LoggingChoice.detect(requested: format)
        var logger = Logger(label: "steward") { label in
            choice.makeHandler(label: label, logLevel: level)
        }
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
