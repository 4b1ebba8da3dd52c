import Foundation
import StewardSpec
import Yams

/// A request body that is a spec: checked by the same parser as the files in the folder, and
/// rewritten, before it goes there, so that no password in it is kept in the spec file.
///
/// Each inline `password` (in `config` and in `config.okta`) becomes a `passwordFile` that
/// points at a 0600 file in `STATE/api-secrets`; everything else is written as it came (as
/// YAML: comments are not kept).
struct SpecBody {
    /// The spec as sent (inline passwords and all): what the initial validation tests use.
    let spec: IntegrationSpec
    /// The body's YAML tree.
    let document: Node

    /// Parses `data` (JSON or YAML) with `SpecParser`; every problem becomes a 400, and so does
    /// any file or credential reference (`CallerReferences`).
    init(data: Data, source: String = "request body") throws(APIError) {
        do {
            spec = try SpecParser.parse(data: data, source: source)
        } catch {
            throw APIError.invalidSpec(error)
        }
        try CallerReferences.refuse(in: spec)
        // The parser accepted it, so it is one YAML document with a mapping at the root.
        guard let node = try? Yams.compose(yaml: String(decoding: data, as: UTF8.self)) else {
            throw APIError(.badRequest, "the body is not one YAML or JSON document")
        }
        document = node
    }

    /// An inline password taken out of the body: where it was and the value.
    struct ExternalPassword: Sendable {
        /// `config` or `config.okta`.
        var owner: String
        var secret: Secret
    }

    /// The body with each inline password replaced by `passwordFile: fileFor(owner)`, as YAML
    /// text, and the passwords taken out.
    func externalizingPasswords(_ fileFor: (String) -> String) throws(APIError) -> (text: String, passwords: [ExternalPassword]) {
        var passwords: [ExternalPassword] = []
        var root = Self.blockStyle(document)
        if var config = root.mapping?["config"] {
            if var okta = config.mapping?["okta"], let value = okta.mapping?["password"]?.string {
                okta = Self.replacingPassword(in: okta, with: fileFor("config.okta"))
                config.mapping?["okta"] = okta
                passwords.append(ExternalPassword(owner: "config.okta", secret: Secret(value)))
            }
            if let value = config.mapping?["password"]?.string {
                config = Self.replacingPassword(in: config, with: fileFor("config"))
                passwords.append(ExternalPassword(owner: "config", secret: Secret(value)))
            }
            root.mapping?["config"] = config
        }
        do {
            return (try Yams.serialize(node: root, width: -1, allowUnicode: true), passwords)
        } catch {
            throw APIError(.badRequest, "the body cannot be written as a spec file: \(error)")
        }
    }

    /// `mapping` with its `password` key turned into `passwordFile: path`, in the same place.
    static func replacingPassword(in mapping: Node, with path: String) -> Node {
        guard let pairs = mapping.mapping else { return mapping }
        let rewritten = pairs.map { pair -> (Node, Node) in
            pair.key.string == "password" ? (Node("passwordFile"), Node(path, .implicit, .doubleQuoted)) : (pair.key, pair.value)
        }
        return .mapping(Node.Mapping(rewritten, pairs.tag, .block))
    }

    /// The same tree with every mapping and sequence in block style (JSON bodies are all flow),
    /// and keys that are plain words unquoted (values keep their quotes: `"123"` stays text).
    static func blockStyle(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (plainKey($0.key), blockStyle($0.value)) }, mapping.tag, .block))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(blockStyle), sequence.tag, .block))
        default:
            return node
        }
    }

    static func plainKey(_ key: Node) -> Node {
        guard let text = key.string, !text.isEmpty,
              text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }),
              !["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"].contains(text.lowercased()), Int(text) == nil else { return key }
        return Node(text, .implicit, .plain)
    }
}
