import Foundation
import StewardStore

/// What a command that changes state holds: the state-directory lock (taken first, so two
/// processes never migrate or write at once), the status store and the secret files.
struct StateHandles {
    let lock: StateDirectoryLock
    let store: StatusStore
    let secrets: SecretFileStore

    init(_ directory: URL) throws {
        lock = try StateDirectoryLock(stateDirectory: directory)
        store = try StatusStore(stateDirectory: directory)
        secrets = try SecretFileStore(stateDirectory: directory)
    }
}
