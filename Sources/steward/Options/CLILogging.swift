import ArgumentParser
import Logging
import StewardSystemd

/// Where logs go: `text` or `json` lines on stderr, or native `journal` entries. Without a
/// choice: the journal when standard error is connected to it (under systemd), else text.
enum LogOutput: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json, journal

    var choice: LoggingChoice {
        switch self {
        case .text: .standardError(.text)
        case .json: .standardError(.json)
        case .journal: .journal
        }
    }
}

/// Logging for every command.
enum CLILogging {
    static func logger(level: Logger.Level, output: LogOutput? = nil) -> Logger {
        let choice = output?.choice ?? LoggingChoice.detect()
        var logger = Logger(label: "steward") { label in
            choice.makeHandler(label: label, logLevel: level)
        }
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
