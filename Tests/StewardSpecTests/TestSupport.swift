import Foundation
import Testing
@testable import StewardSpec

/// The request bodies of the seed documentation, verbatim.
enum Seed {
    static let userPassword = """
        {
        "type": "Redshift",
        "autoBootstrap": true,
        "config": {
          "host": "organization.aws.amazon.com",
          "database": "immuta",
          "initialDatabase": "REDSHIFT_SAMPLE_DATA",
          "authenticationType": "userPassword",
          "username": "taylor@redshift.com",
          "password": "abc1234"
        }
        }
        """

    static let okta = """
        {
        "type": "Redshift",
        "autoBootstrap": true,
        "config": {
          "host": "organization.aws.amazon.com",
          "database": "immuta",
          "initialDatabase": "REDSHIFT_SAMPLE_DATA",
          "impersonation": {
            "enabled": true,
            "role": "immuta_impersonation"
          },
          "authenticationType": "okta",
          "okta": {
            "username": "taylor@redshift.com",
            "password": "abc1234",
            "appId": "Okta",
            "idpHost": "organization.okta.com",
            "role": "admin"
          }
        }
        }
        """
}

/// Builds YAML specs from a valid userPassword spec by replacing, adding or removing keys.
///
/// Values are raw YAML fragments (`"5439"`, `"{enabled: true}"`, `"\"quoted\""`); `nil` removes
/// the key. Keys not in the base are appended in the order given.
struct SpecYAML {
    static let host = "examplecluster.abc123.us-east-1.redshift.amazonaws.com"

    var top: [(String, String?)] = []
    var config: [(String, String?)] = []

    init(top: [(String, String?)] = [], config: [(String, String?)] = []) {
        self.top = top
        self.config = config
    }

    var text: String {
        let baseTop: [(String, String?)] = [("type", "Redshift"), ("autoBootstrap", "true")]
        let baseConfig: [(String, String?)] = [
            ("host", Self.host), ("database", "immuta"), ("initialDatabase", "dev"),
            ("username", "admin"), ("password", "\"s3cret\""),
        ]
        var lines: [String] = []
        for (key, value) in Self.merge(baseTop, top) {
            if let value { lines.append("\(key): \(value)") }
        }
        lines.append("config:")
        for (key, value) in Self.merge(baseConfig, config) {
            if let value { lines.append("  \(key): \(value)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A spec with one config key set (or removed, with nil).
    static func config(_ key: String, _ value: String?) -> String {
        SpecYAML(config: [(key, value)]).text
    }

    private static func merge(_ base: [(String, String?)], _ changes: [(String, String?)]) -> [(String, String?)] {
        var result = base
        for (key, value) in changes {
            if let index = result.firstIndex(where: { $0.0 == key }) {
                result[index].1 = value
            } else {
                result.append((key, value))
            }
        }
        return result
    }
}

/// An okta spec in YAML, with okta keys replaced, added or removed like `SpecYAML`.
func oktaYAML(_ changes: [(String, String?)] = [], config extra: String = "") -> String {
    var okta: [(String, String?)] = [
        ("username", "taylor@redshift.com"), ("password", "abc1234"), ("appId", "Okta"),
        ("idpHost", "organization.okta.com"), ("role", "admin"),
    ]
    for (key, value) in changes {
        if let index = okta.firstIndex(where: { $0.0 == key }) {
            okta[index].1 = value
        } else {
            okta.append((key, value))
        }
    }
    var text = """
        type: Redshift
        autoBootstrap: true
        config:
          host: organization.aws.amazon.com
          database: immuta
          initialDatabase: REDSHIFT_SAMPLE_DATA
          authenticationType: okta

        """
    text += extra
    text += "  okta:\n"
    for (key, value) in okta {
        if let value { text += "    \(key): \(value)\n" }
    }
    return text
}

/// Parses `text`; records an issue and returns nil if it fails.
func parsed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> IntegrationSpec? {
    do {
        return try SpecParser.parse(data: Data(text.utf8), source: "test.yaml")
    } catch {
        Issue.record("expected the spec to parse, got:\n\(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The errors of parsing `text`; records an issue and returns nil if it parses.
func failures(_ text: String, source: String = "test.yaml", sourceLocation: SourceLocation = #_sourceLocation) -> SpecErrors? {
    failures(Data(text.utf8), source: source, sourceLocation: sourceLocation)
}

func failures(_ data: Data, source: String = "test.yaml", sourceLocation: SourceLocation = #_sourceLocation) -> SpecErrors? {
    do {
        let spec = try SpecParser.parse(data: data, source: source)
        Issue.record("expected errors, but the spec parsed: \(spec.redacted)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The single error at `path`; records an issue unless there is exactly one there.
func failure(at path: String, in text: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
    guard let errors = failures(text, sourceLocation: sourceLocation) else { return nil }
    let matching = errors.errors(at: path)
    guard matching.count == 1, let only = matching.first else {
        Issue.record("expected one error at \(path), got:\n\(errors)", sourceLocation: sourceLocation)
        return nil
    }
    return only
}

/// The only error of a file-level failure (path ""); records an issue otherwise.
func fileFailure(_ data: Data, source: String = "test.yaml", sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
    guard let errors = failures(data, source: source, sourceLocation: sourceLocation) else { return nil }
    guard errors.errors.count == 1, let only = errors.errors.first, only.path.isEmpty else {
        Issue.record("expected one file-level error, got:\n\(errors)", sourceLocation: sourceLocation)
        return nil
    }
    return only
}

/// A fresh directory under the system's temporary directory, removed on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/steward-spec-tests.XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `contents` to `name` in the directory with `mode`, returning the full path.
    @discardableResult
    func write(_ name: String, _ contents: String, mode: Int = 0o600) throws -> String {
        try write(name, Data(contents.utf8), mode: mode)
    }

    @discardableResult
    func write(_ name: String, _ contents: Data, mode: Int = 0o600) throws -> String {
        let file = "\(path)/\(name)"
        try contents.write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }
}

/// Whether this process can read files regardless of their mode (root).
var bypassesFilePermissions: Bool { geteuid() == 0 }

/// A file that even root cannot read (a write-only sysctl), for permission tests run as root.
let unreadableEvenForRoot = "/proc/sys/vm/compact_memory"
