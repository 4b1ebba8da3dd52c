import Foundation
import Testing
import StewardSpec

@Suite("Hostile and broken input: one clear error naming the file, never a hang or a crash")
struct HostileInputTests {
    // MARK: Size

    @Test func fileOverOneMebibyteIsRefusedBeforeParsing() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("big.yaml", Data(repeating: 0x61, count: SpecParser.maximumFileSize + 1))
        do {
            _ = try SpecParser.parse(fileAt: path)
            Issue.record("a file over the limit parsed")
        } catch {
            #expect(error.file == path)
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.message == "the file is 1048577 bytes, more than the limit of 1 MiB (1048576 bytes)")
            #expect(error.description.hasPrefix(path + ": "))
        }
        let inMemory = try #require(fileFailure(Data(repeating: 0x61, count: SpecParser.maximumFileSize + 1)))
        #expect(inMemory.message.hasPrefix("the file is 1048577 bytes"))
    }

    @Test func fileOfExactlyOneMebibyteIsParsed() throws {
        var text = SpecYAML().text + "# padding "
        text += String(repeating: "x", count: SpecParser.maximumFileSize - text.utf8.count)
        #expect(text.utf8.count == SpecParser.maximumFileSize)
        #expect(parsed(text) != nil)
    }

    // MARK: Encoding

    @Test func byteOrderMarkIsStripped() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(SpecYAML().text.utf8)
        #expect(try SpecParser.parse(data: data, source: "bom.yaml") == parsed(SpecYAML().text))
    }

    @Test func invalidUTF8() throws {
        var data = Data("type: Redshift\nautoBootstrap: true\nconfig:\n  host: caf".utf8)
        data.append(contentsOf: [0xE9, 0x0A])
        let error = try #require(fileFailure(data))
        #expect(error.message == "the file is not valid UTF-8 (byte 0xE9 at byte offset 54)")
        #expect(error.fix == "save the file as UTF-8")
        #expect(error.line == 4)
        #expect(error.column == 12)
    }

    @Test func binaryData() throws {
        let data = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00])
        let error = try #require(fileFailure(data, source: "steward.yaml"))
        #expect(error.message == "the file contains binary data (a NUL byte at byte offset 7)")
    }

    @Test func utf16IsRecognised() throws {
        var data = Data([0xFF, 0xFE])
        data.append(contentsOf: "type: Redshift".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let error = try #require(fileFailure(data))
        #expect(error.message.contains("UTF-16"))
        #expect(error.fix == "save it as UTF-8")
    }

    @Test func controlCharacter() throws {
        let error = try #require(fileFailure(Data("type: Red\u{07}shift\n".utf8)))
        #expect(error.message == "the file contains a control character (byte 0x07)")
        #expect(error.line == 1)
        #expect(error.column == 10)
    }

    @Test(arguments: ["", "   \n\n", "\u{FEFF}", "# only a comment\n", "---\n", "\r\n\t\n"])
    func emptyFiles(_ text: String) throws {
        let error = try #require(fileFailure(Data(text.utf8)))
        #expect(error.message == "the file is empty (it holds no YAML document)")
    }

    // MARK: YAML structure

    @Test func moreThanOneDocument() throws {
        let error = try #require(fileFailure(Data((SpecYAML().text + "---\n" + SpecYAML().text).utf8)))
        #expect(error.message == "the file holds more than one YAML document")
        #expect(error.fix?.contains("one integration in each file") == true)
    }

    @Test func syntaxErrorHasAPosition() throws {
        let error = try #require(fileFailure(Data("type: Redshift\nconfig: {host: a\n".utf8)))
        #expect(error.message.hasPrefix("invalid YAML: "))
        #expect(error.line != nil)
    }

    @Test func billionLaughsFailsFastAtTheFirstAnchor() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        text += "type: Redshift\n"
        let error = try #require(fileFailure(Data(text.utf8)))
        #expect(error.message == "the file uses a YAML anchor (&); specs do not allow anchors or aliases")
        #expect(error.line == 1)
        #expect(error.column == 4)
    }

    /// The variant that defeats a node budget: an alias used as a mapping key. Yams hashes every
    /// key to find duplicates, and hashing the expanded alias never ends. Refusing anchors on
    /// the text means Yams never sees it.
    @Test func billionLaughsAsAMappingKey() throws {
        var text = "x: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"] {
            text += "\(name)x: &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        text += "? *\(previous)\n: boom\n"
        let error = try #require(fileFailure(Data(text.utf8)))
        #expect(error.message.contains("anchor"))
    }

    @Test func tenThousandNestedFlowLevels() throws {
        for (open, close) in [("[", "]"), ("{a: ", "}")] {
            let text = String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000)
            let error = try #require(fileFailure(Data(text.utf8)))
            #expect(error.message == "the document nests deeper than the YAML parser allows (1000 levels)")
        }
    }

    @Test func tenThousandNestedBlockSequences() throws {
        let text = String(repeating: "- ", count: 10_000) + "x\n"
        let error = try #require(fileFailure(Data(text.utf8)))
        #expect(error.message == "the document nests deeper than the YAML parser allows (1000 levels)")
    }

    @Test func deepBlockMappingsWithinTheSizeLimit() throws {
        var text = ""
        for level in 0..<1_200 {
            text += String(repeating: " ", count: level) + "k:\n"
        }
        let error = try #require(fileFailure(Data(text.utf8)))
        #expect(error.message == "the document nests deeper than the YAML parser allows (1000 levels)")
    }

    @Test func nestingJustWithinTheLimitIsJustAWrongType() throws {
        // Two levels are the top mapping and config.
        let deep = String(repeating: "[", count: 997) + String(repeating: "]", count: 997)
        let error = try #require(failure(at: "config.impersonation", in: SpecYAML.config("impersonation", deep)))
        #expect(error.message.hasSuffix("got a list"))
    }

    @Test func manyProblemsAreCapped() throws {
        let keys = (0..<80).map { [("unknown\($0)", String?.some("1"))] }.joined()
        let errors = try #require(failures(SpecYAML(config: Array(keys)).text))
        #expect(errors.errors.count == SpecParser.maximumReportedErrors)
        #expect(errors.errors.last?.message == "31 more problems are not shown")
        #expect(errors.errors.dropLast().allSatisfy { $0.message == "unknown key" })
    }

    @Test func aMebibyteOfUnknownKeysGivesACappedAnswer() throws {
        var text = ""
        var index = 0
        while text.utf8.count < SpecParser.maximumFileSize - 32 {
            text += "k\(index): 1\n"
            index += 1
        }
        let errors = try #require(failures(text))
        #expect(errors.errors.count == SpecParser.maximumReportedErrors)
        #expect(errors.errors.first?.path == "k0")
    }

    // MARK: What errors show

    /// A file that is one bare value (a password file linked or copied into the folder) is
    /// refused without repeating what it says.
    @Test(arguments: ["CanaryS3cret-91f2\n", "'CanaryS3cret-91f2'", "\"CanaryS3cret-91f2\"\n", "|\n  CanaryS3cret-91f2\n"])
    func aFileThatIsOneValueIsNotEchoed(_ text: String) throws {
        let error = try #require(fileFailure(Data(text.utf8)))
        #expect(error.message.hasSuffix("got a single value (not shown: it could be a secret)"))
        #expect(!error.description.contains("CanaryS3cret"))
    }

    /// Invisible characters (zero-width space, bidi override, byte-order mark, line separator)
    /// are shown as escapes, so the reader sees why a name is refused and no line is forged.
    @Test(arguments: [("imm\\u200Buta", "imm\\u{200b}uta"), ("\\u202Eatummi", "\\u{202e}atummi"),
                      ("im\\uFEFFmuta", "im\\u{feff}muta"), ("immuta\\u2028x", "immuta\\u{2028}x")])
    func invisibleCharactersInValuesAreEscaped(yamlEscaped: String, shown: String) throws {
        let error = try #require(failure(at: "config.database", in: SpecYAML.config("database", "\"\(yamlEscaped)\"")))
        #expect(error.message.contains("\"\(shown)\""), "\(error.message)")
        #expect(!error.message.unicodeScalars.contains { ["\u{200B}", "\u{202E}", "\u{FEFF}", "\u{2028}"].contains($0) })
    }

    // MARK: Files that are not regular files

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        let fifo = "\(directory.path)/analytics.yaml"
        try #require(mkfifo(fifo, 0o644) == 0)
        let error = try #require(fileError(fifo))
        #expect(error.message == "the path is a FIFO (named pipe), not a regular file")
    }

    @Test func directoryIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = "\(directory.path)/analytics.yaml"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(fileError(path)?.message == "the path is a directory, not a regular file")
    }

    @Test func deviceIsRefused() throws {
        #expect(fileError("/dev/null")?.message == "the path is a character device, not a regular file")
        #expect(fileError("/dev/zero")?.message == "the path is a character device, not a regular file")
    }

    @Test func symlinkToAFIFOIsRefused() throws {
        let directory = try TemporaryDirectory()
        let fifo = "\(directory.path)/pipe"
        try #require(mkfifo(fifo, 0o644) == 0)
        let link = "\(directory.path)/analytics.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fifo)
        #expect(fileError(link)?.message == "the path is a FIFO (named pipe), not a regular file")
    }

    @Test func missingFileAndDanglingSymlink() throws {
        let directory = try TemporaryDirectory()
        let missing = "\(directory.path)/absent.yaml"
        #expect(fileError(missing)?.message == "the file does not exist (or is a symbolic link to a missing file)")
        let link = "\(directory.path)/dangling.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: missing)
        #expect(fileError(link)?.message == "the file does not exist (or is a symbolic link to a missing file)")
    }

    @Test func symlinkLoop() throws {
        let directory = try TemporaryDirectory()
        let first = "\(directory.path)/a.yaml", second = "\(directory.path)/b.yaml"
        try FileManager.default.createSymbolicLink(atPath: first, withDestinationPath: second)
        try FileManager.default.createSymbolicLink(atPath: second, withDestinationPath: first)
        #expect(fileError(first)?.message == "the path is a loop of symbolic links")
    }

    @Test func unreadableFile() throws {
        let directory = try TemporaryDirectory()
        let path = bypassesFilePermissions ? unreadableEvenForRoot : try directory.write("a.yaml", SpecYAML().text, mode: 0o000)
        let error = try #require(fileError(path))
        #expect(error.message == "permission denied reading the file")
        #expect(error.fix?.contains("chmod 0640") == true)
    }

    @Test func emptyRegularFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("empty.yaml", "")
        #expect(fileError(path)?.message == "the file is empty (it holds no YAML document)")
    }

    /// The one error of parsing the file at `path`, after checking that it names the file.
    func fileError(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) -> SpecError? {
        do {
            _ = try SpecParser.parse(fileAt: path)
            Issue.record("\(path) parsed", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.file == path, sourceLocation: sourceLocation)
            #expect(error.errors.count == 1, sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("\(path): "), sourceLocation: sourceLocation)
            return error.errors.first
        }
    }
}
