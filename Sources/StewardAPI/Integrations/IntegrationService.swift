import Foundation
import Logging
import StewardReconciler
import StewardSpec
import StewardStore
import Synchronization

/// The `/integrations` API: a second door into the spec folder, not a second state.
///
/// Reads come from the status store, as `steward get` reads them. Changes are checked (the same
/// parser, the initial validation tests), then written into the folder the daemon watches, where
/// the watcher picks them up as if an operator had written them. Before the file is written the
/// record is set the way the reconciler sets it when it first sees the file (`creating`,
/// `editing`), so the answer carries the id and the status at once and the reconciler agrees.
///
/// Passwords in request bodies never go into the spec file: each goes to its own 0600 file in
/// `STATE/api-secrets` (named `NAME@NONCE`), which the written spec references with
/// `passwordFile`; `sweepRequestSecrets` removes them once they are no longer needed.
package final class IntegrationService: Sendable {
    package let store: any StatusStoring
    package let reconciler: IntegrationReconciler
    package let folder: SpecFolder
    package let requestSecrets: SecretFileStore
    /// The running daemon (set by `attach`), to ask for a reconcile the folder does not show
    /// and for the queue's figures.
    package var daemon: ReconcileDaemon? { attached.withLock { $0 } }
    let attached = Mutex<ReconcileDaemon?>(nil)
    let logger: Logger
    /// Serialises the short check-then-write sections, so that two requests
    /// cannot both pass a conflict check, and the sweeper never judges a half-written change.
    let commits = CommitLock()

    /// The daemon's events reach the API (the sweeper) and the API reaches the daemon:
    /// the service is made first, the daemon with its events, then `attach(daemon)`.
    package init(store: any StatusStoring, reconciler: IntegrationReconciler, specDirectory: String, logger: Logger) throws(StoreError) {
        self.store = store
        self.reconciler = reconciler
        self.folder = SpecFolder(directory: specDirectory)
        self.requestSecrets = try SecretFileStore.requestCredentials(stateDirectory: store.stateDirectory)
        self.logger = logger
    }

    package func attach(_ daemon: ReconcileDaemon) {
        attached.withLock { $0 = daemon }
    }

    // MARK: - Reads

    /// The record with id `id` (or, as `steward get` accepts, name `id`); 404 otherwise.
    func record(_ id: String) async throws(APIError) -> IntegrationRecord {
        let found: IntegrationRecord?
        do {
            if let number = Int64(id), let byID = try await store.record(id: number) {
                found = byID
            } else {
                found = try await store.record(named: id)
            }
        } catch {
            throw storeFailure(error)
        }
        guard let found else { throw APIError.notFound(id) }
        return found
    }

    package func view(_ id: String) async throws(APIError) -> IntegrationView {
        IntegrationView(try await record(id), requestSecrets: store.requestSecretsDirectory)
    }

    package func status(_ id: String) async throws(APIError) -> StatusView {
        StatusView(try await view(id))
    }

    /// Every integration, ordered by id, as `GET /integrations` lists them.
    package func all() async throws(APIError) -> [IntegrationView] {
        do {
            return try await store.allRecords().sorted { $0.id < $1.id }.map { IntegrationView($0, requestSecrets: store.requestSecretsDirectory) }
        } catch {
            throw storeFailure(error)
        }
    }

    // MARK: - Shared pieces of the changes

    /// 503 on a host that follows another (a shared status store): it answers reads, and only the
    /// leading host takes changes, since only it writes. Changes are refused rather than
    /// forwarded: a client learns the leader from the message and `steward status`, and no host
    /// ever acts on a request it cannot see through.
    func requireLeader() throws(APIError) {
        guard let leadership = daemon?.leadership, !leadership.isLeading else { return }
        let leader = switch leadership.role {
        case .follower(let holder?, let term?): "\(Leadership.member(ofHolder: holder)) (term \(term))"
        default: "no leader yet"
        }
        throw APIError(.serviceUnavailable, "this host (\(leadership.member)) follows \(leader): only the leading host accepts changes; "
                       + "send the request to the leader (steward status names it)")
    }

    /// The spec's host claim (``HostClaim``), its host and the hosts of the active integrations
    /// on its port resolved (DNS, bounded): taken before `commits` is held, so that no lookup
    /// waits inside it.
    func resolveClaim(_ spec: IntegrationSpec, name: String) async throws(APIError) -> HostClaim {
        do {
            return try await HostClaim.resolving(host: spec.config.host, port: spec.config.port, name: name, store: store)
        } catch {
            throw storeFailure(error)
        }
    }

    /// 409 when another active integration holds the spec's host and port (``HostClaim``).
    func checkHostIsFree(_ claim: HostClaim, name: String) async throws(APIError) {
        let other: IntegrationRecord?
        do {
            other = try await claim.holder(in: store, excludingName: name)
        } catch {
            throw storeFailure(error)
        }
        if let other { throw APIError(.conflict, claim.conflictMessage(other)) }
    }

    /// Refuses a change whose initial validation failed: 400 with the tests.
    func requirePassed(_ results: ValidationResults) throws(APIError) {
        guard let failed = results.failedTests.first else { return }
        throw APIError(.badRequest, "\(failed.name) failed: \(failed.message ?? "")", validationResults: results)
    }

    /// The body as it goes into the folder: the YAML text with each inline password replaced by
    /// a `passwordFile` in `STATE/api-secrets/NAME@NONCE`, those passwords, and the spec as the
    /// reconciler will read it (for the record).
    struct PreparedSpec {
        var text: String
        var passwords: [(key: String, secret: Secret)]
        var spec: IntegrationSpec
    }

    func prepare(_ body: SpecBody, name: String) throws(APIError) -> PreparedSpec {
        let nonce = String(UUID().uuidString.lowercased().prefix(8))
        let key: (String) -> String = { owner in "\(name)@\(nonce)" + (owner == "config.okta" ? "-okta" : "") }
        let (text, passwords) = try body.externalizingPasswords { requestSecrets.fileURL(key: key($0)).path }
        do {
            let spec = try SpecParser.parse(data: Data(text.utf8), source: "\(name).yaml")
            return PreparedSpec(text: text, passwords: passwords.map { (key($0.owner), $0.secret) }, spec: spec)
        } catch {
            throw APIError(.internalServerError, "the rewritten spec does not parse: \(error)")
        }
    }

    /// Writes the passwords, then the spec file (atomically, 0600). Call with `commits` held,
    /// after the record has been set.
    func write(_ prepared: PreparedSpec, name: String) throws(APIError) {
        let path = try specPath(name)
        do {
            for password in prepared.passwords { try requestSecrets.write(key: password.key, secret: password.secret) }
            try AtomicFile.write(Array(prepared.text.utf8), to: path)
        } catch {
            throw APIError(.internalServerError, "cannot write the spec of \(name): \(error)")
        }
    }

    /// The file of `name`: the one there is (whatever its extension), else `NAME.yaml`.
    func specPath(_ name: String) throws(APIError) -> String {
        let location: SpecLocation
        do {
            location = try folder.locate(name)
        } catch {
            throw APIError(.serviceUnavailable, "the spec folder cannot be read: \(error)")
        }
        switch location {
        case .file(let path): return path
        case .missing: return folder.directory + "/" + name + ".yaml"
        case .ambiguous(let paths):
            throw APIError(.conflict, "several files define integration \(name) (\(paths.joined(separator: ", "))); keep exactly one of them")
        }
    }

    func storeFailure(_ error: any Error) -> APIError {
        logger.error("the status store failed", metadata: ["steward.event": "api-store-error", "error": "\(error)"])
        if let error = error as? StoreError, [.fenced, .notLeader, .unreachable].contains(error.code) {
            // Another host leads now, or the shared database is out of reach: try again, here or at the leader.
            return APIError(.serviceUnavailable, "the change was not recorded: \(error)")
        }
        return APIError(.internalServerError, "the status store cannot be read or written: \(error)")
    }
}
