import Foundation
import Yams

/// Reads spec files: YAML (or JSON, which is YAML) in, a validated `IntegrationSpec` out, or
/// every problem at once.
///
/// Both entry points throw `SpecErrors` (typed throws) and never anything else. Where a value
/// is handier, `Result { () throws(SpecErrors) in try SpecParser.parse(fileAt: path) }` gives a
/// `Result<IntegrationSpec, SpecErrors>` (the closure needs its thrown type spelt out). Parsing is a pure function
/// of the bytes: no environment, no network, and secrets referenced by `passwordFile` or
/// `passwordCredential` are not read here (that is `SecretResolver`'s job, at use time).
///
/// The stages, each of which stops with one clear error for the whole file:
/// 1. size: more than `maximumFileSize` bytes is refused before anything else;
/// 2. text: a UTF-8 byte-order mark is stripped; empty files, UTF-16, NUL bytes (binary data),
///    invalid UTF-8 and control characters are refused;
/// 3. anchors and aliases are refused (see `AnchorScanner` for why this happens on the text);
/// 4. YAML syntax, with Yams: one document only, duplicate keys refused, nesting limited to
///    libyaml's 1000 levels so deep documents fail instead of exhausting the stack;
/// 5. the fields: every problem is collected with its dotted path, position and fix (up to
///    `maximumReportedErrors`).
package enum SpecParser {
    /// Spec files larger than this (1 MiB) are refused without being parsed.
    package static let maximumFileSize = 1 << 20

    /// At most this many problems are reported for one file (the rest are counted), so that a
    /// large file of nonsense gives a readable answer and a small record in the store.
    package static let maximumReportedErrors = 50
    /// The most entries a list in a spec may have (data sources, users, policies, values).
    package static let maximumListLength = 10_000

    /// Parses spec bytes. `source` names them in errors (usually the file's path).
    package static func parse(data: Data, source: String) throws(SpecErrors) -> IntegrationSpec {
        let text: String
        switch SpecText.decode(data, limit: maximumFileSize) {
        case .success(let decoded): text = decoded
        case .failure(let error): throw SpecErrors(file: source, error)
        }
        if let finding = AnchorScanner.firstAnchorOrAlias(in: text) {
            throw SpecErrors(file: source, anchorError(finding))
        }
        return try decodeYAML(text, source: source)
    }

    /// Stages 4 and 5 on text that has passed the earlier checks.
    static func decodeYAML(_ text: String, source: String) throws(SpecErrors) -> IntegrationSpec {
        let parser: Parser
        let root: Node?
        do {
            // `.basic`: no implicit tags. Typing is `NodeReader`'s, from how a value is written,
            // never from Yams' YAML 1.1 resolver; the resolver still ran for every key Yams
            // checks for duplicates (hashing a node resolves its tag), matching each against
            // regular expressions: most of the time a 165 kB spec took to parse. Keys now compare
            // by their text alone, which is what a spec's keys are.
            parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            root = try parser.singleRoot()
        } catch {
            throw SpecErrors(file: source, YAMLSyntaxError.specError(for: error))
        }
        // `---` alone, or a document of only comments after it, is a null root: empty too.
        guard let root, !isNullDocument(root) else { throw SpecErrors(file: source, SpecText.emptyFile()) }
        // The parser owns the anchors that nodes refer to weakly; keeping it alive lets the
        // decoder see any anchor the text scan missed.
        return try withExtendedLifetime(parser) { () throws(SpecErrors) -> IntegrationSpec in
            var decoder = SpecDecoder()
            guard let spec = decoder.decode(root), decoder.errors.isEmpty else {
                throw SpecErrors(file: source, errors: decoder.errors)
            }
            return spec
        }
    }

    /// Reads and parses the spec file at `path`. Only regular files (or symbolic links to them)
    /// are read; a FIFO, device, socket or directory is refused without blocking on it. With
    /// `protecting`, a file of that state directory (by device and inode, whatever the link that
    /// leads to it) is refused before it is opened: the daemon passes its own, so that no spec
    /// read can drop the store's locks (`RegularFileReader`).
    package static func parse(fileAt path: String, protecting stateDirectory: String? = nil) throws(SpecErrors) -> IntegrationSpec {
        let protected = stateDirectory.map { ProtectedFiles(stateDirectory: $0) } ?? ProtectedFiles()
        switch RegularFileReader.contents(ofFileAt: path, limit: maximumFileSize, protected: protected) {
        case .success(let bytes):
            return try parse(data: Data(bytes), source: path)
        case .failure(let failure):
            throw SpecErrors(file: path, fileError(failure))
        }
    }

    private static func isNullDocument(_ root: Node) -> Bool {
        guard case .scalar(let scalar) = root else { return false }
        return scalar.style == .plain && scalar.string.isEmpty
    }

    static func anchorError(_ finding: AnchorScanner.Finding) -> SpecError {
        let what = finding.kind == .anchor ? "a YAML anchor (&)" : "a YAML alias (*)"
        return SpecError(
            path: "",
            message: "the file uses \(what); specs do not allow anchors or aliases",
            fix: "write the values out in full; if a value starts with & or * (a password, say), put it in quotes",
            line: finding.line, column: finding.column)
    }

    static func fileError(_ failure: RegularFileReader.Failure) -> SpecError {
        switch failure {
        case .notFound:
            return SpecError(path: "", message: "the file does not exist (or is a symbolic link to a missing file)",
                             fix: "check the path")
        case .permissionDenied:
            return SpecError(path: "", message: "permission denied reading the file",
                             fix: "let the steward service user read it, e.g. chgrp steward FILE and chmod 0640 FILE")
        case .symlinkLoop:
            return SpecError(path: "", message: "the path is a loop of symbolic links", fix: "point the link at a regular file")
        case .symbolicLink:
            return SpecError(path: "", message: "the path is a symbolic link, which is not followed here", fix: "name the file itself")
        case .protected(let what):
            return SpecError(path: "", message: "the path is \(what), not a spec", fix: "keep specs outside the state directory")
        case .notRegular(let kind):
            return SpecError(path: "", message: "the path is \(kind), not a regular file",
                             fix: "a spec is a regular file (or a symbolic link to one); move anything else out of the folder")
        case .tooLarge(let size):
            return SpecError(
                path: "",
                message: "the file is \(ByteCount(size)), more than the limit of \(ByteCount(maximumFileSize))",
                fix: "a spec describes one integration and fits in a few hundred bytes; check that this is the right file")
        case .accessibleToOthers(let mode):
            return SpecError(path: "", message: "the file has mode \(String(mode, radix: 8)), and only its owner may read it here",
                             fix: "chmod 600 FILE")
        case .system(let operation, let reason):
            return SpecError(path: "", message: "could not read the file (\(operation): \(reason))",
                             fix: "check the file and the disk")
        }
    }
}
