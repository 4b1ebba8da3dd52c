import Foundation
import StewardTestSupport
import Testing

/// Security: the API writes no file the watcher ignores, YAML tags are type mismatches, and
/// reading commands never create state.
@Suite struct NamesAndTagsTests {
    @Test func ignoredNamesAndTaggedValuesAreRefused() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let body = try api.seedBody("seed-userpassword", database: TestNames.unique("names"))
        for name in ["x.dpkg-new", "x.dpkg-old", "x.dpkg-dist", "a.dpkg-b"] {
            let answer = try api.client.request("POST", "/integrations?name=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name)", body: body)
            #expect(answer.status == 400, "\(name): \(answer.body)")
            #expect(answer.message.contains("the daemon ignores \(name).yaml"), "\(name): \(answer.message)")
            #expect(!FileManager.default.fileExists(atPath: api.specs + "/\(name).yaml"))
        }
        let invalid = try api.client.request("POST", "/integrations?name=x%7E", body: body)
        #expect(invalid.status == 400 && invalid.message.contains("outside the rule"), "\(invalid.body)")
        let scripted = try api.client.request("POST", "/integrations/scripts/create?name=x.dpkg-new",
                                              body: try api.seedBody("seed-manual-userpassword", database: "m"))
        #expect(scripted.status == 400, "the scripts' name is the POST's: \(scripted.body)")

        let tagged = body.replacingOccurrences(of: #""port":\#(api.server.port)"#, with: #""port":!!str \#(api.server.port)"#)
        #expect(tagged != body)
        let answer = try api.client.request("POST", "/integrations", body: tagged)
        #expect(answer.status == 400, "\(answer.body)")
        #expect(answer.message.hasPrefix("config.port: carries the YAML tag !!str"), "\(answer.message)")
        try await api.stop()
    }

    @Test func readingCommandsNeverCreateAStateDirectory() throws {
        let dir = try TemporaryDirectory("steward-readonly")
        defer { dir.remove() }
        let missing = dir.file("missing")
        for command in [["status"], ["list"], ["get", "x"], ["history", "x"]] {
            let result = try Subprocess.steward(command + ["--state-dir", missing])
            // `list` lists nothing (exit 0, "[]"), the others have nothing to show (exit 2); all say why.
            #expect(result.status == (command == ["list"] ? 0 : 2), "\(command): \(result.stderr)")
            #expect(command != ["list"] || result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
            #expect(result.stderr.contains("the state directory \(missing) does not exist"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("Fix:"))
            #expect(!FileManager.default.fileExists(atPath: missing), "\(command) created it")
        }
        let empty = dir.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        let result = try Subprocess.steward(["status", "--state-dir", empty])
        #expect(result.status == 2)
        #expect(result.stderr.contains("holds no status database"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty)
    }
}
