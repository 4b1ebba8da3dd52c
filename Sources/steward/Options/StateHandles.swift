import Foundation
import Logging
import StewardReconciler
import StewardStore

/// What a command that changes state holds: the state-directory lock (taken first, so two
/// processes never migrate or write at once), the status store and the secret files, and, with
/// a shared store, this daemon's leadership among the hosts.
struct StateHandles {
    let lock: StateDirectoryLock
    let store: any StatusStoring
    /// The secret files of the state directory, or the sealed secrets of the shared store.
    let secrets: any SecretKeeping
    /// This daemon's leadership and the shared database's lease table; nil for SQLite.
    let leadership: Leadership?
    let leases: LeaseTable?

    /// The state directory's own SQLite store.
    init(_ directory: URL) throws {
        lock = try StateDirectoryLock(stateDirectory: directory)
        store = try StatusStore(stateDirectory: directory)
        secrets = try SecretFileStore(stateDirectory: directory)
        leadership = nil
        leases = nil
    }

    /// The shared store of `settings` (the state directory still holds this host's lock and
    /// files), or the SQLite store when `settings` is nil. The store writes with this daemon's
    /// leadership term, so it writes nothing until the daemon leads.
    static func open(_ directory: URL, shared settings: SharedStoreSettings?, logger: Logger) async throws -> StateHandles {
        guard let settings else { return try StateHandles(directory) }
        let lock = try StateDirectoryLock(stateDirectory: directory)
        let leadership = Leadership(member: settings.member, lease: settings.lease, version: StewardVersion.current, logger: logger)
        do {
            // The key first: a host without the right key must not start half-way.
            let key = try settings.secretKey.load(protectedState: directory.path)
            let store = try await SharedStatusStore.open(parameters: settings.parameters, stateDirectory: directory, writer: leadership.writer,
                                                         idleInTransactionTimeout: settings.lease / 3)
            return StateHandles(lock: lock, store: store, secrets: store.secrets(key: key),
                                leadership: leadership, leases: store.leases)
        } catch {
            lock.release()
            throw error
        }
    }

    private init(lock: StateDirectoryLock, store: any StatusStoring, secrets: any SecretKeeping, leadership: Leadership?, leases: LeaseTable?) {
        self.lock = lock
        self.store = store
        self.secrets = secrets
        self.leadership = leadership
        self.leases = leases
    }
}
