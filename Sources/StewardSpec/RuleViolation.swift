/// What is wrong with a value and how to fix it.
struct RuleViolation: Equatable {
    var message: String
    var fix: String?
}
