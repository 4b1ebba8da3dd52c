/// What a file name in the spec folder means to Steward.
///
/// - `NAME.yaml`, `NAME.yml`, `NAME.json` with a valid NAME: the spec of integration `NAME`;
/// - hidden files, editor and package-manager leftovers, and anything without a spec
///   extension: ignored, without comment;
/// - a spec extension with a NAME that breaks the rule: invalid, with a reason worth showing
///   (the operator clearly meant it as a spec).
///
/// NAME is 1 to 200 characters of lower-case letters, digits, `-`, `_` and `.`, not starting
/// with `.`. Judgement call: upper case is refused rather than folded, so that the name in the
/// folder, in `steward get` and in the journal is always the same string.
package enum SpecFileName: Sendable, Hashable {
    case spec(name: String)
    case ignored
    case invalid(reason: String)

    /// File extensions of spec files, without the dot.
    package static let specExtensions = ["yaml", "yml", "json"]
    package static let maximumNameLength = 200

    /// Suffixes of temporary and backup files left by editors and package managers.
    private static let leftoverSuffixes = [
        "~", ".swp", ".swo", ".swx", ".tmp", ".temp", ".bak", ".old", ".orig", ".rej", ".save",
        ".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-tmp", ".dpkg-bak",
        ".ucf-new", ".ucf-old", ".ucf-dist",
    ]

    /// Classifies a directory entry's name (the last path component, not a path).
    package static func classify(_ fileName: String) -> SpecFileName {
        if fileName.isEmpty || fileName.hasPrefix(".") || fileName.contains("/") { return .ignored }
        // Emacs auto-save files: #name#.
        if fileName.hasPrefix("#") && fileName.hasSuffix("#") { return .ignored }
        let lowered = fileName.lowercased()
        if leftoverSuffixes.contains(where: { lowered.hasSuffix($0) }) || lowered.contains(".dpkg-") {
            return .ignored
        }
        guard let dot = fileName.lastIndex(of: ".") else { return .ignored }
        let fileExtension = String(fileName[fileName.index(after: dot)...])
        let name = String(fileName[..<dot])
        guard specExtensions.contains(fileExtension.lowercased()) else { return .ignored }

        let wanted = "\(suggestedName(for: name)).\(fileExtension.lowercased())"
        if fileExtension != fileExtension.lowercased() {
            return .invalid(reason: "spec file names are lower case, including the extension; rename it to \(wanted)")
        }
        if let problem = nameProblem(name) {
            let suggestion = isValidName(suggestedName(for: name)) ? "; rename it to \(wanted)" : ""
            return .invalid(reason: problem + suggestion)
        }
        return .spec(name: name)
    }

    /// Whether `name` is a valid integration name.
    package static func isValidName(_ name: String) -> Bool {
        nameProblem(name) == nil
    }

    /// Why `NAME.yaml` would not be the spec of integration `name` (nil: it would): the name
    /// rule, or that the watcher ignores such a file (`x.dpkg-new`, `x.bak`, `x~`). The API
    /// names the files it writes with this, so it never writes one the watcher ignores.
    package static func problem(integrationName name: String) -> String? {
        switch classify(name + ".yaml") {
        case .spec(let found) where found == name: return nil
        case .invalid(let reason): return reason
        default:
            return nameProblem(name) ?? "the daemon ignores \(name).yaml, as it ignores editors' and package managers' leftovers "
                + "(names ending in ~, .swp, .tmp, .bak, .old, .orig, .rpmnew, .dpkg-new and the like, or containing .dpkg-)"
        }
    }

    private static func nameProblem(_ name: String) -> String? {
        let rule = "an integration name is 1 to \(maximumNameLength) characters of lower-case letters, digits, -, _ and ., "
            + "not starting with ."
        if name.isEmpty { return "the name before the extension is empty (\(rule))" }
        if name.count > maximumNameLength {
            return "the name is \(name.count) characters long (\(rule))"
        }
        if name.hasPrefix(".") { return "the name starts with . (\(rule))" }
        let allowed = name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_" || $0 == "."
        }
        if !allowed {
            let hasUpper = name != name.lowercased()
            return hasUpper ? "the name has upper-case letters (\(rule))" : "the name has characters outside the rule (\(rule))"
        }
        return nil
    }

    /// Lower case, with each run of other characters turned into one `-`.
    private static func suggestedName(for name: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            let allowed = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
                || scalar == "-" || scalar == "_" || scalar == "."
            if allowed {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        while out.hasPrefix(".") { out.removeFirst() }
        return String(out.prefix(maximumNameLength))
    }
}
