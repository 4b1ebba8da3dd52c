import StewardSpec

/// The watched folder, read fresh on every question: which integration names its files define,
/// and where the spec of one name is.
public struct SpecFolder: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// What one listing of the folder says.
    public struct Listing: Sendable {
        /// Integration name → the files that define it (normally one).
        public var files: [String: [String]] = [:]
        /// Files with a spec extension whose name breaks the naming rule, with the reason.
        public var invalid: [(file: String, reason: String)] = []

        public func location(of name: String, in directory: String) -> SpecLocation {
            guard let names = files[name], !names.isEmpty else { return .missing }
            let paths = names.sorted().map { directory + "/" + $0 }
            return paths.count == 1 ? .file(path: paths[0]) : .ambiguous(paths: paths)
        }
    }

    public func list() throws(DirectoryScanError) -> Listing {
        var listing = Listing()
        for entry in try DirectoryScanner(directory: directory).entryNames() {
            switch SpecFileName.classify(entry) {
            case .spec(let name): listing.files[name, default: []].append(entry)
            case .invalid(let reason): listing.invalid.append((entry, reason))
            case .ignored: break
            }
        }
        return listing
    }

    /// Where the spec of `name` is now. A folder that cannot be read is reported as an error,
    /// never as "missing" (which would delete every integration).
    public func locate(_ name: String) throws(DirectoryScanError) -> SpecLocation {
        try list().location(of: name, in: directory)
    }
}
