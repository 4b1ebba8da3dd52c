import ArgumentParser
import Logging

/// Logging for one-shot commands: readable lines on stderr at the chosen level.
enum CLILogging {
    static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "steward") { label in
            StreamLogHandler.standardError(label: label)
        }
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
