import Foundation
import StewardTestSupport
import Testing
@testable import StewardSpec

/// `steward schema` and the parser agree: the schema holds exactly the keys the parser reads,
/// and a JSON Schema validator (Python's jsonschema, through Deploy/dev/spec-schema-verdicts.py)
/// gives every example, every hostile corpus file and a few thousand generated variants the
/// verdict `SpecParser` gives them — except where the schema cannot say the rule (references
/// between sections), and there it must accept.
@Suite struct SpecSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyKeyIsInTheSchemaAndReadByTheParser() throws {
        let document = SpecSchema.document()
        let definitions = try #require(document["$defs"] as? [String: Any])
        for schema in KeySchema.all {
            let object = schema.definition == KeySchema.top.definition ? document : try #require(definitions[schema.definition] as? [String: Any])
            let properties = try #require(object["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(schema.keys), "\(schema.definition)")
            #expect(object["additionalProperties"] as? Bool == false)
            for key in schema.keys {
                // A value of the wrong shape at the key must be an error at exactly that key:
                // the decoder reads it (a key listed but never read would pass silently).
                let (base, path) = try #require(Self.instance(of: schema, holding: key), "no sample holds \(schema.definition).\(key)")
                let broken = base.replacing(path + [key], with: .map([("x", .map([]))]))
                let errors = Self.errors(broken.text)
                let field = Self.fieldPath(path + [key])
                #expect(errors.contains { $0.path == field || $0.path.hasPrefix(field + ".") }, "\(field): \(errors.map(\.path))")
            }
        }
    }

    @Test func theCommittedSchemaIsCurrent() throws {
        let url = Self.root.appendingPathComponent("Config/spec.schema.json")
        let current = SpecSchema.json()
        if ProcessInfo.processInfo.environment["STEWARD_UPDATE_GOLDEN"] == "1" {
            try current.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect((try? String(contentsOf: url, encoding: .utf8)) == current,
                "Config/spec.schema.json differs from `steward schema`; run with STEWARD_UPDATE_GOLDEN=1 and review it")
    }

    @Test func theSchemaAndTheParserGiveTheSameVerdicts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(TestNames.unique("schema-verdicts"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemaFile = folder.appendingPathComponent("spec.schema.json")
        try SpecSchema.json().write(to: schemaFile, atomically: true, encoding: .utf8)

        var files = try Self.committedFiles()
        for (index, text) in Self.variants().enumerated() {
            let file = folder.appendingPathComponent("variant-\(index).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        let result = try Subprocess.run("/usr/bin/env", ["python3", Self.root.appendingPathComponent("Deploy/dev/spec-schema-verdicts.py").path, schemaFile.path] + files)
        try #require(result.status == 0, "\(result.stderr)")
        var schemaVerdicts: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            if fields.count >= 2 { schemaVerdicts[fields[1]] = fields.count == 3 ? fields[2] : "" }
        }
        var agreed = (valid: 0, invalid: 0, references: 0)
        for file in files {
            let schemaReason = try #require(schemaVerdicts[file], "no verdict for \(file)")
            let schemaValid = result.stdout.contains("valid\t\(file)\n") && !result.stdout.contains("invalid\t\(file)\n")
            let errors: [SpecError]
            do {
                _ = try SpecParser.parse(fileAt: file)
                errors = []
            } catch {
                errors = error.errors
            }
            let onlyReferences = !errors.isEmpty && errors.allSatisfy(Self.isReferenceError)
            if onlyReferences {
                #expect(schemaValid, "\(file): the parser refuses only references (\(errors.map(\.message))), the schema says \(schemaReason)")
                agreed.references += 1
            } else if errors.isEmpty != schemaValid {
                let parser = errors.isEmpty ? "valid" : errors.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
                let text = String((try? String(contentsOfFile: file, encoding: .utf8))?.prefix(600) ?? "")
                Issue.record("\(file): the parser says \(parser), the schema says \(schemaValid ? "valid" : schemaReason)\n\(text)")
            } else if schemaValid {
                agreed.valid += 1
            } else {
                agreed.invalid += 1
            }
        }
        // Enough of each verdict that the comparison means something.
        #expect(agreed.valid >= 100 && agreed.invalid >= 400, "\(agreed)")
        print("SCHEMA-VERDICTS files=\(files.count) valid=\(agreed.valid) invalid=\(agreed.invalid) references-only=\(agreed.references)")
    }

    // MARK: Helpers

    /// Rules across sections that JSON Schema cannot state (`SpecDecoder.checkReferences`):
    /// names that must resolve or be unique, and tables that must be in the managed database.
    static func isReferenceError(_ error: SpecError) -> Bool {
        ["does not define", "is used twice", "existingDatabase: true keeps views in", "would replace its own table"]
            .contains { error.message.contains($0) }
    }

    static func committedFiles() throws -> [String] {
        var files: [String] = []
        for folder in ["Config/examples", "Config/integrations.d", "Tests/Fixtures/hostile"] {
            let url = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            where [".yaml", ".yml", ".json"].contains(where: name.hasSuffix) {
                files.append(url.appendingPathComponent(name).path)
            }
        }
        return files
    }

    /// Every sample document, and each with one field replaced by each sample value of its kind.
    static func variants() -> [String] {
        var texts = SchemaSamples.bases.map(\.text)
        for base in SchemaSamples.bases {
            for (path, entries) in base.mappings {
                guard let schema = SchemaSamples.schema(at: path) else { continue }
                for field in schema.fields where entries.contains(where: { $0.0 == field.key }) {
                    let values = SchemaSamples.values(field.kind)
                    for value in values.valid + values.invalid {
                        texts.append(base.replacing(path + [field.key], with: value).text)
                    }
                }
                // A key of another mapping, and a missing required key.
                texts.append(base.replacing(path, with: .map(entries + [("unknownKey", .plain("1"))])).text)
                for index in entries.indices {
                    texts.append(base.replacing(path, with: .map(entries.enumerated().filter { $0.offset != index }.map(\.element))).text)
                }
            }
        }
        return texts
    }

    static func instance(of schema: KeySchema, holding key: String) -> (FlowYAML, [String])? {
        for base in SchemaSamples.bases {
            for (path, entries) in base.mappings where SchemaSamples.schema(at: path)?.definition == schema.definition {
                if entries.contains(where: { $0.0 == key }) { return (base, path) }
            }
        }
        return nil
    }

    static func errors(_ text: String) -> [SpecError] {
        do {
            _ = try SpecParser.parse(data: Data(text.utf8), source: "sample.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    static func fieldPath(_ steps: [String]) -> String {
        steps.reduce("") { text, step in Int(step) != nil ? text + "[\(step)]" : (text.isEmpty ? step : text + "." + step) }
    }
}
