import Foundation

/// The JSON Schema (draft 2020-12) of a spec file, generated from `KeySchema` (the keys the
/// parser accepts and each one's `FieldKind`) and `SpecSchema.rules` (the rules across keys):
/// what `steward schema` prints and editors read through a `# yaml-language-server: $schema=`
/// line.
///
/// The schema describes a spec as Steward types it: `true` and `false` are booleans, plain
/// decimal digits are integers, everything else is text. Where Steward accepts a plain `true`
/// or `5439` as text (a password, a host), the schema allows those types too. What JSON Schema
/// cannot say is left to `steward validate`: byte lengths (the schema counts characters, so it
/// is looser for non-ASCII text), anchors, aliases, tags and duplicate keys (refused by the
/// parser before any schema applies), and references between sections (a policy naming a data
/// source that does not exist).
package enum SpecSchema {
    package static let draft = "https://json-schema.org/draft/2020-12/schema"
    package static let identifier = "https://steward.dev/schemas/spec.schema.json"

    /// The schema as pretty-printed JSON with sorted keys (stable from one run to the next).
    package static func json() -> String {
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The document is built here from dictionaries, arrays, strings, integers and booleans
        // only, all of which JSONSerialization writes; a failure would be a defect of this file.
        guard let data = try? JSONSerialization.data(withJSONObject: document(), options: options) else {
            preconditionFailure("the spec schema is not serialisable JSON")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The schema as a JSON object tree.
    static func document() -> [String: Any] {
        var definitions: [String: Any] = [:]
        for schema in KeySchema.all where schema.definition != KeySchema.top.definition {
            definitions[schema.definition] = object(schema)
        }
        var root = object(KeySchema.top)
        root["$schema"] = draft
        root["$id"] = identifier
        root["title"] = "Steward integration spec"
        root["description"] = "One Amazon Redshift integration per file (the body of the /integrations API). "
            + "Check a file with `steward validate FILE`."
        root["$defs"] = definitions
        return root
    }

    /// A mapping with exactly the keys of `schema`, and the rules across them.
    static func object(_ schema: KeySchema) -> [String: Any] {
        var properties: [String: Any] = [:]
        for field in schema.fields {
            var property = value(field.kind)
            property["description"] = field.summary
            properties[field.key] = property
        }
        var result: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        let rules = rules(for: schema.definition)
        if !rules.required.isEmpty { result["required"] = rules.required }
        if !rules.allOf.isEmpty { result["allOf"] = rules.allOf }
        return result
    }

    /// The schema of one value.
    static func value(_ kind: FieldKind) -> [String: Any] {
        switch kind {
        case .constant(let text): return ["const": text]
        case .bool: return ["type": "boolean"]
        case .integer(let range): return ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
        case .choice(let values): return ["enum": values]
        case .object(let schema): return ["$ref": "#/$defs/\(schema.definition)"]
        case .list(let element):
            var list: [String: Any] = ["type": "array", "items": value(element), "maxItems": SpecParser.maximumListLength]
            if case .object = element {} else { list["uniqueItems"] = true }
            return list
        case .namedMap(let key, let element):
            return ["type": "object", "propertyNames": value(key), "additionalProperties": value(element)]
        default: return SpecSchema.text(kind)
        }
    }
}
