import Foundation

/// A small reader of the Prometheus text exposition format, strict enough to catch what a
/// scraper would refuse: every sample belongs to a family declared by `# TYPE` before it, names
/// and labels are well formed, values are numbers, and no family is declared twice.
enum PrometheusParser {
    struct Family {
        var name: String
        var type: String
        /// (metric name, labels, value) for each sample line.
        var samples: [(name: String, labels: [String: String], value: Double)] = []

        /// The value of the sample of this family (or `name + suffix`) with exactly `labels`.
        func value(_ labels: [String: String], suffix: String = "") -> Double? {
            samples.first { $0.name == name + suffix && $0.labels == labels }?.value
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [String: Family] {
        var families: [String: Family] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            func fail(_ why: String) -> Failure { Failure(description: "line \(number + 1): \(why): \(line)") }
            if line.isEmpty { continue }
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3])) else { throw fail("bad TYPE") }
                let name = String(parts[2])
                guard isName(name), families[name] == nil else { throw fail("bad or repeated family") }
                families[name] = Family(name: name, type: String(parts[3]))
                continue
            }
            if line.hasPrefix("#") { continue }
            let (name, labels, rest) = try sample(line, fail)
            guard let value = Double(rest.trimmingCharacters(in: .whitespaces)) ?? (rest.trimmingCharacters(in: .whitespaces) == "+Inf" ? .infinity : nil) else {
                throw fail("value is not a number")
            }
            let family = [name, String(name.dropLast(7)), String(name.dropLast(4)), String(name.dropLast(6))]
                .first { families[$0] != nil && ($0 == name || families[$0]?.type == "histogram" || families[$0]?.type == "summary") }
            guard let family else { throw fail("sample before its # TYPE") }
            families[family]?.samples.append((name, labels, value))
        }
        return families
    }

    static func sample(_ line: String, _ fail: (String) -> Failure) throws -> (String, [String: String], String) {
        guard let end = line.firstIndex(where: { $0 == "{" || $0 == " " }) else { throw fail("no value") }
        let name = String(line[..<end])
        guard isName(name) else { throw fail("bad metric name") }
        var labels: [String: String] = [:]
        var index = end
        if line[index] == "{" {
            index = line.index(after: index)
            while line[index] != "}" {
                guard let equals = line[index...].firstIndex(of: "=") else { throw fail("label without =") }
                let key = String(line[index..<equals])
                guard isName(key), line[line.index(after: equals)] == "\"" else { throw fail("bad label") }
                var value = ""
                var cursor = line.index(equals, offsetBy: 2)
                while line[cursor] != "\"" {
                    if line[cursor] == "\\" { cursor = line.index(after: cursor) }
                    value.append(line[cursor])
                    cursor = line.index(after: cursor)
                }
                labels[key] = value
                index = line.index(after: cursor)
                if line[index] == "," { index = line.index(after: index) }
            }
            index = line.index(after: index)
        }
        return (name, labels, String(line[index...]))
    }

    static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first == ":" || ("a"..."z").contains(first) || ("A"..."Z").contains(first) else {
            return false
        }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
