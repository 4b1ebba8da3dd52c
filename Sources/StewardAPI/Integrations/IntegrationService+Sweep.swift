import Foundation
import StewardReconciler
import StewardSpec
import StewardStore

extension IntegrationService {
    /// Removes the request passwords of `record`'s integration (`STATE/api-secrets/NAME@*`) that
    /// are no longer needed, after each reconcile of it:
    ///
    /// - all of them once the integration is `deleted` or `disabled`;
    /// - every one the current spec file does not reference (superseded by a later request);
    /// - for an automatic setup that is `enabled`, also the one that was just applied: the
    ///   privileged password was needed once, as the seed promises ("the credentials are not
    ///   stored"). A manual setup keeps its current one: it is the system account's own
    ///   password, which every routine check logs in with.
    package func sweepRequestSecrets(after record: IntegrationRecord) async {
        await commits.run { () async -> Void in
            do {
                let prefix = record.name + "@"
                let keys = try requestSecrets.keys().filter { $0.hasPrefix(prefix) }
                guard !keys.isEmpty else { return }
                let current = referencedKeys(name: record.name)
                let applied = record.credentialReference.flatMap(requestKey)
                for key in keys {
                    let done = !record.isActive
                        || !current.contains(key)
                        || (record.autoBootstrap && record.status == .enabled && key == applied)
                    if done { try requestSecrets.delete(key: key) }
                }
            } catch {
                logger.error("cannot remove a request password that is no longer needed", metadata: [
                    "steward.integration": "\(record.name)", "steward.event": "api-secret-cleanup", "error": "\(error)",
                ])
            }
        }
    }

    /// The request-password keys the spec file of `name` references now (none if it is gone or
    /// does not parse).
    func referencedKeys(name: String) -> Set<String> {
        guard case .file(let path)? = try? folder.locate(name), let spec = try? SpecParser.parse(fileAt: path, protecting: store.stateDirectory.path) else { return [] }
        let sources = [spec.config.password, spec.config.okta?.password].compactMap { $0 }
        return Set(sources.compactMap { CredentialReference($0).flatMap(requestKey) })
    }

    /// The key of a reference to a file in `STATE/api-secrets`, or nil for any other reference.
    func requestKey(_ reference: CredentialReference) -> String? {
        guard case .file(let path) = reference else { return nil }
        let url = URL(fileURLWithPath: path)
        guard url.deletingLastPathComponent().standardizedFileURL.path == requestSecrets.directory.standardizedFileURL.path else { return nil }
        return url.lastPathComponent
    }
}
