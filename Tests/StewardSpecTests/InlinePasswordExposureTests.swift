import Foundation
import Testing
import StewardSpec

@Suite struct InlinePasswordExposureTests {
    func warning(_ text: String, mode: Int) throws -> SpecError? {
        let directory = try TemporaryDirectory()
        let path = try directory.write("spec.yaml", text, mode: mode)
        let spec = try SpecParser.parse(fileAt: path)
        return InlinePasswordExposure.warning(for: spec, fileAt: path)
    }

    @Test(arguments: [(0o644, "its group and others (mode 0644)"), (0o640, "its group (mode 0640)"),
                      (0o604, "others (mode 0604)"), (0o444, "its group and others (mode 0444)")])
    func anInlinePasswordInAReadableFile(mode: Int, readers: String) throws {
        let found = try #require(try warning(SpecYAML().text, mode: mode))
        #expect(found.path == "config.password")
        #expect(found.message == "the password is written in the file, and the file is readable by \(readers)")
        #expect(found.fix?.contains("passwordFile or passwordCredential") == true)
        #expect(!found.description.contains("s3cret"))
    }

    @Test(arguments: [0o600, 0o400, 0o700])
    func aPrivateFileIsFine(mode: Int) throws {
        #expect(try warning(SpecYAML().text, mode: mode) == nil)
    }

    @Test func passwordReferencesAreFineInAReadableFile() throws {
        #expect(try warning(SpecYAML.config("password", nil) + "  passwordFile: /etc/steward/admin\n", mode: 0o644) == nil)
        #expect(try warning(SpecYAML.config("password", nil) + "  passwordCredential: admin\n", mode: 0o644) == nil)
    }

    @Test func anInlineOktaPassword() throws {
        #expect(try warning(oktaYAML(), mode: 0o640)?.path == "config.okta.password")
    }

    /// The mode that counts is the file's, not the link's (links are always 0777).
    @Test func aSymbolicLinkIsFollowed() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("target.yaml", SpecYAML().text, mode: 0o600)
        let link = directory.path + "/link.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let spec = try SpecParser.parse(fileAt: link)
        #expect(InlinePasswordExposure.warning(for: spec, fileAt: link) == nil)
        chmod(target, 0o644)
        #expect(InlinePasswordExposure.warning(for: spec, fileAt: link) != nil)
    }
}
