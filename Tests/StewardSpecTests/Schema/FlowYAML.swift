/// A spec written as YAML flow text, so that a test can say how each scalar is written (plain or
/// quoted) and replace the value at one path.
indirect enum FlowYAML: Sendable {
    case plain(String)
    case quoted(String)
    case map([(String, FlowYAML)])
    case list([FlowYAML])

    var text: String {
        switch self {
        case .plain(let value): return value
        case .quoted(let value):
            var out = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    out += scalar.value < 0x20 || scalar.value == 0x7F ? "\\x" + String(scalar.value, radix: 16).leftPadded(2) : String(scalar)
                }
            }
            return out + "\""
        case .map(let entries): return "{" + entries.map { "\($0.0): \($0.1.text)" }.joined(separator: ", ") + "}"
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        }
    }

    /// The mapping at `path` (keys and list indexes), if there is one.
    func mapping(at path: [String]) -> [(String, FlowYAML)]? {
        guard let first = path.first else {
            if case .map(let entries) = self { return entries }
            return nil
        }
        return child(first)?.mapping(at: Array(path.dropFirst()))
    }

    func child(_ step: String) -> FlowYAML? {
        switch self {
        case .map(let entries): return entries.first { $0.0 == step }?.1
        case .list(let items): return Int(step).flatMap { items.indices.contains($0) ? items[$0] : nil }
        default: return nil
        }
    }

    /// This document with the value at `path` replaced.
    func replacing(_ path: [String], with value: FlowYAML) -> FlowYAML {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch self {
        case .map(let entries):
            return .map(entries.map { $0.0 == first ? ($0.0, $0.1.replacing(rest, with: value)) : $0 })
        case .list(let items):
            return .list(items.enumerated().map { String($0.offset) == first ? $0.element.replacing(rest, with: value) : $0.element })
        default: return self
        }
    }

    /// Every mapping in the document with its path.
    var mappings: [([String], [(String, FlowYAML)])] {
        switch self {
        case .map(let entries): return [([], entries)] + entries.flatMap { key, value in value.mappings.map { ([key] + $0.0, $0.1) } }
        case .list(let items): return items.enumerated().flatMap { index, item in item.mappings.map { ([String(index)] + $0.0, $0.1) } }
        default: return []
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
