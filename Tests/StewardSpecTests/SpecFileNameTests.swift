import Testing
import StewardSpec

@Suite("Spec file names and system account names")
struct SpecFileNameTests {
    @Test(arguments: [
        ("analytics.yaml", "analytics"),
        ("analytics.yml", "analytics"),
        ("analytics.json", "analytics"),
        ("sales-eu_2.prod.yaml", "sales-eu_2.prod"),
        ("0.yaml", "0"),
        ("a.yaml.yaml", "a.yaml"),
        (String(repeating: "n", count: 200) + ".yaml", String(repeating: "n", count: 200)),
    ])
    func specs(_ fileName: String, _ name: String) {
        #expect(SpecFileName.classify(fileName) == .spec(name: name))
    }

    @Test(arguments: [
        ".analytics.yaml", ".hidden", ".#analytics.yaml", "#analytics.yaml#", "analytics.yaml~",
        ".analytics.yaml.swp", "analytics.yaml.swp", "analytics.yaml.swx", "analytics.yaml.tmp", "analytics.yaml.bak",
        "analytics.yaml.dpkg-new", "analytics.yaml.dpkg-old", "analytics.yaml.dpkg-dist", "analytics.yaml.rpmnew",
        "analytics.yaml.rpmsave", "analytics.yaml.orig", "README", "README.md", "analytics.txt", "4913", "analytics",
        "analytics.yaml.1", "", "Analytics.yaml~", "My Spec.yaml.swp",
    ])
    func ignored(_ fileName: String) {
        #expect(SpecFileName.classify(fileName) == .ignored)
    }

    @Test(arguments: [
        ("My Spec.yaml", "rename it to my-spec.yaml"),
        ("Analytics.yaml", "rename it to analytics.yaml"),
        ("analytics.YAML", "rename it to analytics.yaml"),
        ("sales@eu.json", "rename it to sales-eu.json"),
        ("café.yml", "rename it to caf.yml"),
    ])
    func invalidNamesSayTheRuleAndTheFix(_ fileName: String, _ fix: String) throws {
        guard case .invalid(let reason) = SpecFileName.classify(fileName) else {
            Issue.record("\(fileName) should be invalid")
            return
        }
        #expect(reason.hasSuffix(fix), "\(reason)")
        if fileName != "analytics.YAML" {
            #expect(reason.contains("lower-case letters, digits, -, _ and ."), "\(reason)")
        }
    }

    @Test func upperCaseReasonMentionsUpperCase() throws {
        guard case .invalid(let reason) = SpecFileName.classify("Analytics.yaml") else {
            Issue.record("should be invalid")
            return
        }
        #expect(reason.hasPrefix("the name has upper-case letters"))
    }

    @Test func tooLongName() {
        let fileName = String(repeating: "n", count: 201) + ".yaml"
        guard case .invalid(let reason) = SpecFileName.classify(fileName) else {
            Issue.record("should be invalid")
            return
        }
        #expect(reason.hasPrefix("the name is 201 characters long"))
    }

    @Test(arguments: [
        ("analytics", "steward_analytics"),
        ("sales-eu.prod", "steward_sales_eu_prod"),
        ("a_b", "steward_a_b"),
        ("0", "steward_0"),
    ])
    func systemAccountNames(_ integration: String, _ account: String) {
        #expect(SpecFileName.systemAccountName(forIntegration: integration) == account)
    }

    @Test func longNamesAreCutWithAStableHashSuffix() {
        let long = String(repeating: "analytics-", count: 10)
        let account = SpecFileName.systemAccountName(forIntegration: long)
        #expect(account.utf8.count == 63)
        #expect(account.hasPrefix("steward_analytics_analytics_"))
        #expect(account == SpecFileName.systemAccountName(forIntegration: long))
        let sibling = SpecFileName.systemAccountName(forIntegration: long + "x")
        #expect(sibling.utf8.count == 63)
        #expect(sibling != account)
        #expect(String(account.dropFirst(54)) == "_" + String(SHA256.hexDigest(of: long).prefix(8)))
    }

    @Test func exactly63BytesIsKeptWhole() {
        let name = String(repeating: "a", count: 55)
        #expect(SpecFileName.systemAccountName(forIntegration: name) == "steward_" + name)
        #expect(SpecFileName.systemAccountName(forIntegration: name + "a").hasSuffix("_" + String(SHA256.hexDigest(of: name + "a").prefix(8))))
    }

    @Test func accountNamesAreValidCreatedNames() {
        for name in ["analytics", "x.y-z", String(repeating: "q", count: 200), "UPPER"] {
            let account = SpecFileName.systemAccountName(forIntegration: name)
            #expect(account.utf8.count <= 63)
            #expect(account.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" })
        }
    }
}
