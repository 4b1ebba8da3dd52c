/// The SHA-256 of a spec file's bytes, as hosts compare their copies of the spec folder: two
/// hosts whose files have one digest deploy the same spec.
package enum SpecFileDigest {
    /// Lower-case hex SHA-256 of the regular file at `path` (read as the parser reads it, within
    /// its size limit), or nil when it cannot be read as a spec would be.
    package static func of(fileAt path: String) -> String? {
        guard case .success(let bytes) = RegularFileReader.contents(ofFileAt: path, limit: SpecParser.maximumFileSize) else { return nil }
        return SHA256.hexDigest(bytes)
    }
}
