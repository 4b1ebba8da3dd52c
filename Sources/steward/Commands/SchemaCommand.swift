import ArgumentParser
import StewardSpec

/// `steward schema`: the JSON Schema of spec files, for editors and CI.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of spec files.",
        discussion: """
            Generated from the same field list the parser uses. Save it and point an editor at it, \
            e.g. with the first line `# yaml-language-server: $schema=/usr/share/steward/spec.schema.json` \
            (the Debian package installs it there). The schema catches most mistakes as you type; \
            `steward validate` remains the authority (it also checks byte lengths, anchors, tags, \
            duplicate keys and references between sections).
            """)

    func run() {
        print(SpecSchema.json(), terminator: "")
    }
}
