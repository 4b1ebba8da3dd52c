import Yams

/// Turns a Yams error into a `SpecError` of Steward's own wording.
///
/// Yams' own descriptions quote the offending line of the file (and for duplicate keys the
/// whole file), which may hold an inline password, so they are never shown. Only libyaml's fixed
/// problem and context phrases, the position and key names are used.
enum YAMLSyntaxError {
    static let indentationFix = "check the indentation and quoting around that line; JSON is accepted too"

    static func specError(for error: any Error) -> SpecError {
        guard let yamlError = error as? YamlError else {
            return SpecError(path: "", message: "the file could not be read as YAML", fix: indentationFix)
        }
        switch yamlError {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { FieldPath.quoteIfNeeded($0) }.joined(separator: ", ")
            let noun = duplicates.count == 1 ? "key" : "keys"
            return SpecError(
                path: "",
                message: "duplicate \(noun) \(keys) in one mapping",
                fix: "a key may appear only once in a mapping; keep one and delete the other",
                line: context.mark.line, column: context.mark.column)
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return syntax(problem: problem, context: context, mark: mark)
        case .reader(let problem, _, _, _):
            return SpecError(path: "", message: "the file could not be read as YAML text: \(problem)",
                             fix: "save the file as UTF-8 text")
        case .memory:
            return SpecError(path: "", message: "the YAML parser ran out of memory",
                             fix: "a spec is a few lines long; check that this is the right file")
        default:
            return SpecError(path: "", message: "the file could not be read as YAML", fix: indentationFix)
        }
    }

    private static func syntax(problem: String, context: YamlError.Context?, mark: Mark) -> SpecError {
        if problem.contains("Maximum nesting level") {
            return SpecError(
                path: "", message: "the document nests deeper than the YAML parser allows (1000 levels)",
                fix: "a spec nests three levels deep; check that this is the right file",
                line: mark.line, column: mark.column)
        }
        if problem.contains("found another document") {
            return SpecError(
                path: "", message: "the file holds more than one YAML document",
                fix: "put one integration in each file and remove the extra --- separator",
                line: mark.line, column: mark.column)
        }
        var message = "invalid YAML: \(problem)"
        if let context, !context.text.isEmpty, !context.text.contains("\n") {
            message += " (\(context.text) that starts at line \(context.mark.line), column \(context.mark.column))"
        }
        return SpecError(path: "", message: message, fix: indentationFix, line: mark.line, column: mark.column)
    }
}
