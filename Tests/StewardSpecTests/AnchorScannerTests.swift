import Foundation
import Testing
@testable import StewardSpec

@Suite("Anchors and aliases are found on the text, before YAML parsing")
struct AnchorScannerTests {
    typealias Finding = AnchorScanner.Finding

    @Test(arguments: [
        ("a: &x 1", Finding(kind: .anchor, line: 1, column: 4)),
        ("a: *x", Finding(kind: .alias, line: 1, column: 4)),
        ("- *x", Finding(kind: .alias, line: 1, column: 3)),
        ("[*x]", Finding(kind: .alias, line: 1, column: 2)),
        ("{a: *x}", Finding(kind: .alias, line: 1, column: 5)),
        ("{\"a\":*x}", Finding(kind: .alias, line: 1, column: 6)),
        ("[a, *x]", Finding(kind: .alias, line: 1, column: 5)),
        ("[a,\n  *x]", Finding(kind: .alias, line: 2, column: 3)),
        ("? *x\n: 1", Finding(kind: .alias, line: 1, column: 3)),
        ("*x : 1", Finding(kind: .alias, line: 1, column: 1)),
        ("a: !!str &x 1", Finding(kind: .anchor, line: 1, column: 10)),
        ("a:\n  - b\n  - *x", Finding(kind: .alias, line: 3, column: 5)),
        ("--- &x\na: 1", Finding(kind: .anchor, line: 1, column: 5)),
        ("a: |\n  text *x\nb: *y", Finding(kind: .alias, line: 3, column: 4)),
        ("- key: |\n    text\n  other: *y", Finding(kind: .alias, line: 3, column: 10)),
        ("a: 'q'\r\nb: *y", Finding(kind: .alias, line: 2, column: 4)),
        ("é: x\nb: *y", Finding(kind: .alias, line: 2, column: 4)),
        ("a: \"multi\n  line\"\nb: &z 1", Finding(kind: .anchor, line: 3, column: 4)),
        // Documented false positive: a continuation line of a plain scalar that starts with *.
        ("a: plain\n  *continued", Finding(kind: .alias, line: 2, column: 3)),
    ])
    func finds(_ text: String, _ expected: Finding) {
        #expect(AnchorScanner.firstAnchorOrAlias(in: text) == expected)
    }

    @Test(arguments: [
        "password: Tom & Jerry",
        "password: a*b",
        "password: \"*x\"",
        "password: '&x'",
        "# *x in a comment",
        "a: b # &x",
        "a: |\n  *not an alias\n  &neither\nb: c",
        "a: >-\n  *x\n\n  &y\n",
        "- |\n  *x\n- b",
        "a: 'it''s *x'",
        "a: \"esc \\\" *x\"",
        "url: http://x/*",
        "a: [b*c, 'd&e', \"*f\"]",
        "k: v&w",
        "{\"password\": \"*secret\", \"x\": [1, 2]}",
        "a: b:*c",
    ])
    func ignores(_ text: String) {
        #expect(AnchorScanner.firstAnchorOrAlias(in: text) == nil)
    }

    @Test func unquotedPasswordStartingWithAnAsteriskSaysToQuoteIt() throws {
        let errors = try #require(failures(SpecYAML.config("password", "*s3cret")))
        let error = try #require(errors.errors.first)
        #expect(error.message == "the file uses a YAML alias (*); specs do not allow anchors or aliases")
        #expect(error.fix?.contains("put it in quotes") == true)
        #expect(error.line == 8)
        #expect(parsed(SpecYAML.config("password", "\"*s3cret\""))?.config.password == .inline(Secret("*s3cret")))
    }

    @Test func aLongLineIsScannedInLinearTime() {
        // Half a million compact sequence entries on one line: quadratic column counting
        // would not finish; this must return promptly.
        let text = String(repeating: "- ", count: 500_000) + "*x"
        #expect(AnchorScanner.firstAnchorOrAlias(in: text)?.kind == .alias)
    }
}

@Suite("Anchors that reach the YAML parser are refused as well")
struct AnchorDefenceTests {
    @Test func anchoredAndAliasedNodesAreRefusedWhileDecoding() throws {
        // Skips the text scan on purpose, as if it had missed these.
        let text = SpecYAML(config: [("database", "&db immuta"), ("initialDatabase", "*db")]).text
        do {
            _ = try SpecParser.decodeYAML(text, source: "test.yaml")
            Issue.record("anchors were accepted")
        } catch {
            #expect(error.errors.map(\.path) == ["config.database", "config.initialDatabase"])
            #expect(error.errors.allSatisfy { $0.message == "uses a YAML anchor or alias, which specs do not allow" })
        }
    }

    @Test func resultFormOfTheParser() throws {
        let good: Result<IntegrationSpec, SpecErrors> = Result { () throws(SpecErrors) in
            try SpecParser.parse(data: Data(Seed.okta.utf8), source: "okta.json")
        }
        #expect((try? good.get())?.config.authenticationType == .okta)
        let bad: Result<IntegrationSpec, SpecErrors> = Result { () throws(SpecErrors) in
            try SpecParser.parse(data: Data(), source: "empty.yaml")
        }
        guard case .failure(let errors) = bad else {
            Issue.record("an empty file parsed")
            return
        }
        #expect(errors.file == "empty.yaml")
    }
}
