import Foundation

/// A fresh directory for one test, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appending(path: "steward-store-tests-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A state directory inside this one that does not exist yet.
    var stateDirectory: URL { url.appending(path: "state", directoryHint: .isDirectory) }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
