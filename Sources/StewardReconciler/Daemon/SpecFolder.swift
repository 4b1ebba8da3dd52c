import StewardSpec
#if canImport(Glibc)
import Glibc
#endif

/// The watched folder, read fresh on every question: which integration names its files define,
/// and where the spec of one name is.
package struct SpecFolder: Sendable {
    package let directory: String

    package init(directory: String) {
        self.directory = directory
    }

    /// What one listing of the folder says.
    package struct Listing: Sendable {
        /// Integration name → the files that define it (normally one).
        package var files: [String: [String]] = [:]
        /// Files with a spec extension whose name breaks the naming rule, with the reason.
        package var invalid: [(file: String, reason: String)] = []

        package func location(of name: String, in directory: String) -> SpecLocation {
            guard let names = files[name], !names.isEmpty else { return .missing }
            let paths = names.sorted().map { directory + "/" + $0 }
            return paths.count == 1 ? .file(path: paths[0]) : .ambiguous(paths: paths)
        }
    }

    package func list() throws(DirectoryScanError) -> Listing {
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

    /// Where the spec of `name` is now: a look at its three possible file names, not a listing
    /// of the folder (so a reconcile costs the same with 10 or 10,000 files). A folder that
    /// cannot be read is reported as an error, never as "missing" (which would delete every
    /// integration).
    package func locate(_ name: String) throws(DirectoryScanError) -> SpecLocation {
        var info = stat()
        guard stat(directory, &info) == 0 else { throw DirectoryScanError(directory: directory, errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { throw DirectoryScanError(directory: directory, errno: ENOTDIR) }
        guard access(directory, R_OK | X_OK) == 0 else { throw DirectoryScanError(directory: directory, errno: errno) }
        var paths: [String] = []
        for ext in SpecFileName.specExtensions {
            let path = directory + "/" + name + "." + ext
            var entry = stat()
            // lstat: a dangling symlink or a FIFO with a spec's name still "defines" the name,
            // and the parser then explains what is wrong with it.
            if lstat(path, &entry) == 0 { paths.append(path) }
        }
        switch paths.count {
        case 0: return .missing
        case 1: return .file(path: paths[0])
        default: return .ambiguous(paths: paths)
        }
    }
}
