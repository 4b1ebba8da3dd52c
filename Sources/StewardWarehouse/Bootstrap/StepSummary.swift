/// The one line a reconcile logs about the statements it ran (each statement itself is logged at
/// debug level): how many, and the first few by description. A plan of thousands of statements
/// costs one log line, not thousands.
package enum StepSummary {
    /// How many descriptions the line names before "and N more".
    package static let named = 3

    /// `applied 2 steps: Create …; Grant …` (nil when nothing ran).
    package static func line(_ verb: String, _ steps: [Step]) -> String? {
        guard !steps.isEmpty else { return nil }
        let shown = steps.prefix(named).map(\.description).joined(separator: "; ")
        let rest = steps.count > named ? " and \(steps.count - named) more" : ""
        return "\(verb) \(steps.count) step\(steps.count == 1 ? "" : "s"): \(shown)\(rest)"
    }
}
