import Foundation
import ArgumentParser

/// Durations on the command line and in the config file: `500ms`, `30s`, `10m`, `1h`, or plain
/// seconds.
struct DurationText: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    let duration: Duration
    let text: String

    init(_ duration: Duration, text: String) {
        self.duration = duration
        self.text = text
    }

    init?(argument: String) {
        let value = argument.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where value.hasSuffix(suffix) {
            let number = value.dropLast(suffix.count)
            // "ms" must win over "s": only accept a number before the suffix.
            if let amount = Double(number), amount >= 0, amount.isFinite {
                self.init(.milliseconds(Int64((amount * factor * 1000).rounded())), text: value)
                return
            }
        }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite {
            self.init(.milliseconds(Int64((seconds * 1000).rounded())), text: value)
            return
        }
        return nil
    }

    var description: String { text }
}
