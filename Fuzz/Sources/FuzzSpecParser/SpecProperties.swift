import Foundation
import StewardSpec
import StewardWarehouse

/// What must hold for every spec the parser accepts and every answer it refuses with.
enum SpecProperties {
    /// An accepted spec fits the rules the rest of Steward relies on.
    static func valid(_ spec: IntegrationSpec, _ data: Data) {
        let config = spec.config
        if spec.type != "Redshift" { specPropertyFailed("accepted a type other than Redshift", data) }
        if !(1...65535).contains(config.port) { specPropertyFailed("accepted port \(config.port)", data) }
        if !(1...300).contains(config.connectTimeout) { specPropertyFailed("accepted connectTimeout \(config.connectTimeout)", data) }
        if spec.autoBootstrap && config.initialDatabase == nil { specPropertyFailed("autoBootstrap without initialDatabase", data) }
        // Names Steward creates must be valid SQL identifiers (the spec rule is the stricter one).
        for name in [config.database, config.impersonation.role] where SQLIdentifier.problem(with: name) != nil {
            specPropertyFailed("accepted a name that is not a SQL identifier", data)
        }
        if config.authenticationType == .userPassword && (config.username == nil || config.password == nil) {
            specPropertyFailed("userPassword without username or password", data)
        }
        if config.authenticationType == .okta && config.okta == nil { specPropertyFailed("okta without config.okta", data) }
        for text in [config.host, config.database, config.initialDatabase ?? "", config.username ?? ""]
        where text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            specPropertyFailed("accepted a control character in a name", data)
        }
        redactionIgnoresPasswords(spec, data)
    }

    /// Neither the redacted form, its digest nor any description of the spec depends on the
    /// value of an inline password.
    static func redactionIgnoresPasswords(_ spec: IntegrationSpec, _ data: Data) {
        var other = spec
        if case .inline = other.config.password { other.config.password = .inline(Secret("other-password")) }
        if case .inline = other.config.okta?.password { other.config.okta?.password = .inline(Secret("other-password")) }
        if spec.redacted.canonicalJSON() != other.redacted.canonicalJSON() || spec.digest != other.digest {
            specPropertyFailed("the redacted spec depends on an inline password", data)
        }
        if "\(spec)" != "\(other)" || String(reflecting: spec) != String(reflecting: other) {
            specPropertyFailed("a description of the spec depends on an inline password", data)
        }
    }

    /// A refusal has at least one problem, at most the cap, each naming the file and giving a
    /// fix, and no text that could forge a log line or hide characters.
    static func refused(_ errors: SpecErrors, _ data: Data) {
        if errors.errors.isEmpty { specPropertyFailed("refused without a problem", data) }
        if errors.errors.count > SpecParser.maximumReportedErrors { specPropertyFailed("more problems than the cap", data) }
        for (error, line) in zip(errors.errors, errors.lines) {
            if !line.hasPrefix("fuzz.yaml:") { specPropertyFailed("a problem that does not name the file: \(line)", data) }
            if error.fix?.isEmpty ?? true { specPropertyFailed("a problem without a fix: \(line)", data) }
            if error.message.isEmpty { specPropertyFailed("a problem without a message", data) }
            if line.unicodeScalars.contains(where: isHidden) { specPropertyFailed("a problem with a control or invisible character: \(line.debugDescription)", data) }
            if let lineNumber = error.line, lineNumber < 1 { specPropertyFailed("a line number below 1", data) }
            if let column = error.column, column < 1 { specPropertyFailed("a column below 1", data) }
        }
    }

    /// Control characters, line and paragraph separators, and invisible format characters
    /// (bidirectional overrides, zero-width spaces, byte-order marks).
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}

/// Stops the fuzzer, showing the input (libFuzzer also saves it).
func specPropertyFailed(_ what: String, _ data: Data, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("property violated: \(what); input: \(String(decoding: data.prefix(400), as: UTF8.self).debugDescription)",
               file: file, line: line)
}
