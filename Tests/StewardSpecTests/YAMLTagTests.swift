import Foundation
import Testing
import StewardSpec

/// YAML tags are refused like any other type mismatch: the type of a value is how it is written.
@Suite struct YAMLTagTests {
    static let base = """
        type: Redshift
        autoBootstrap: true
        config: {host: h.example.com, port: PORT, database: immuta, initialDatabase: dev, username: admin, password: "pw12345"}
        """

    func errors(_ port: String) -> [SpecError] {
        do {
            _ = try SpecParser.parse(data: Data(Self.base.replacingOccurrences(of: "PORT", with: port).utf8), source: "t")
            return []
        } catch {
            return error.errors
        }
    }

    @Test(arguments: ["!!str 5439", "!!int 5439", "!!int \"5439\"", "!custom 5439", "! 5439"])
    func taggedValuesAreRefused(_ port: String) {
        let found = errors(port)
        #expect(found.contains { $0.path == "config.port" && $0.message.contains("YAML tag") }, "\(port): \(found)")
    }

    @Test func untaggedValuesStillParse() {
        #expect(errors("5439").isEmpty)
        let tagged = Self.base.replacingOccurrences(of: "config: {", with: "config: !!map {").replacingOccurrences(of: "PORT", with: "5439")
        #expect(throws: SpecErrors.self) { try SpecParser.parse(data: Data(tagged.utf8), source: "t") }
    }
}
