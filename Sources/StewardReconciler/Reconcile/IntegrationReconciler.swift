import Foundation
import Logging
import StewardFederation
import StewardSpec
import StewardStore
import StewardWarehouse

/// Reconciles one integration, by name: reads its spec fresh, moves its status through the
/// lifecycle (`creating` → `enabled` | `createError`, `editing` → `enabled` | `editError`,
/// `deleting` → `deleted` | `deleteError`, `disabled`, `recurringValidationError`), runs the
/// bootstrap or the deletion, and writes the status last, after verification.
///
/// Every status change goes through `StatusStore.transition`, which writes the transition row in
/// the same transaction. Secrets never reach the store's records: only references to password
/// files and credentials are kept, and the system account's password lives with ``secrets``
/// (a 0600 file, or sealed in the shared database).
package struct IntegrationReconciler: Sendable {
    package let store: any StatusStoring
    /// The system accounts' passwords and the one-time deletion credentials.
    package let secrets: any SecretKeeping
    package let resolver: SecretResolver
    package let logger: Logger
    /// Okta logins, cached across reconciles (one instance per daemon).
    package let okta: OktaLogins
    /// Decides every status change; ``executor`` records what it decided.
    let lifecycle = IntegrationLifecycle()
    var executor: LifecycleExecutor { LifecycleExecutor(store: store) }

    package init(store: any StatusStoring, secrets: any SecretKeeping, resolver: SecretResolver = SecretResolver(), logger: Logger,
                federation: FederatedCredentialCache? = nil) {
        self.store = store
        self.secrets = secrets
        // No secret read may open one of the state directory's files (the store's locks, other
        // integrations' secrets), whoever names it.
        var resolver = resolver
        resolver.protectedState = store.stateDirectory.path
        resolver.requestSecretsFolder = store.requestSecretsDirectory.path
        self.resolver = resolver
        self.logger = logger
        self.okta = OktaLogins(cache: federation ?? FederatedCredentialCache(environment: resolver.environment), resolver: resolver)
    }

    /// A bootstrapper whose log entries (each step it runs) carry the integration's name.
    func bootstrapper(for name: String) -> Bootstrapper {
        var tagged = logger
        tagged[metadataKey: "steward.integration"] = "\(name)"
        return Bootstrapper(logger: tagged)
    }

    /// Reconciles `name` against what `location` says now. Never throws: every failure ends in a
    /// recorded status and a report whose disposition tells the queue what to do next.
    ///
    /// `folder` is where the spec lives; a removal looks there again at the moment it acts (see
    /// `remove`), so a file that came back after `location` was read is never deleted.
    package func reconcile(name: String, location: SpecLocation, folder: (any SpecLocator)? = nil) async -> ReconcileReport {
        do {
            switch location {
            case .missing:
                return try await remove(name, folder: folder)
            case .ambiguous(let paths):
                let files = paths.map { ($0 as NSString).lastPathComponent }.sorted().joined(separator: ", ")
                let error = SpecErrors(file: files, SpecError(path: "(file)", message: "several files define the integration \(name): \(files)",
                                                              fix: "keep exactly one of them"))
                return try await recordInvalid(name, error)
            case .file(let path):
                let spec: IntegrationSpec
                do {
                    spec = try SpecParser.parse(fileAt: path, protecting: resolver.protectedState)
                } catch {
                    return try await recordInvalid(name, error)
                }
                if let exposed = InlinePasswordExposure.warning(for: spec, fileAt: path) {
                    logger.warning("\(name): \(path): \(exposed)", metadata: ["steward.integration": "\(name)", "steward.event": "password-exposed"])
                }
                return try await apply(name, spec, file: path)
            }
        } catch let error as StoreError where error.code == .fenced || error.code == .notLeader {
            // Another daemon leads the shared store now: this one's write was refused, nothing
            // was recorded, and the leader reconciles the integration.
            logger.warning("\(name): not recorded: this daemon no longer leads the shared status store", metadata: [
                "steward.integration": "\(name)", "steward.event": "store-fenced", "error": "\(error)",
            ])
            return ReconcileReport(name: name, disposition: .transientFailure, record: nil, message: "\(error)")
        } catch {
            // The store itself failed (disk full, read-only): nothing could be recorded. Retry.
            logger.error("\(name): could not record the state of the integration", metadata: [
                "steward.integration": "\(name)", "steward.event": "store-error", "error": "\(error)",
            ])
            return ReconcileReport(name: name, disposition: .transientFailure, record: nil, message: "\(error)")
        }
    }

    // MARK: - Invalid files

    func recordInvalid(_ name: String, _ errors: SpecErrors) async throws -> ReconcileReport {
        let message = errors.description
        let lines = errors.lines
        logger.warning("\(name): invalid spec file", metadata: ["steward.integration": "\(name)", "steward.event": "spec-invalid", "error": "\(message)"])
        let existing = try await store.record(named: name)
        let performed = try await executor.perform(lifecycle.decide(.specRefused(.specInvalid), existing.map { LifecycleFacts($0) }),
                                             name: name, current: existing, message: message, new: { status in
            NewIntegration(name: name, status: status, host: "", port: 0, database: "",
                           systemUser: SpecFileName.systemAccountName(forIntegration: name), autoBootstrap: true,
                           specErrors: lines, lastError: message)
        }, fields: { record in
            record.specErrors = lines
            record.lastError = message
            record.attempts += 1
        })
        return ReconcileReport(name: name, disposition: .permanentFailure, record: performed.record, message: message)
    }

    // MARK: - Create, edit, check

    typealias Phase = LifecyclePhase

    func apply(_ name: String, _ spec: IntegrationSpec, file: String) async throws -> ReconcileReport {
        let config = spec.config
        // The redacted spec, its JSON and digest, once (160 kB of JSON for 2,000 data sources).
        let canonical = CanonicalSpec(spec)
        let desiredJSON = canonical.json
        let digest = canonical.digest
        let credential = (config.authenticationType == .okta ? config.okta?.password : config.password).flatMap(CredentialReference.init)
        let systemAccount = Self.systemAccount(name, spec)
        let fields = Self.specFields(name: name, spec: spec, canonical: canonical)

        var existing = try await store.record(named: name)
        // A second spec for a host and port that another (older) integration holds. An
        // established integration is compared without DNS (HostClaim.literal says why).
        let established = existing.map { $0.isActive && $0.appliedDigest != nil } ?? false
        let claim = established ? HostClaim.literal(host: config.host, port: config.port)
            : try await HostClaim.resolving(host: config.host, port: config.port, name: name, store: store)
        if let other = try await claim.holder(in: store, excludingName: name, claimant: existing) {
            return try await refuse(name, existing: existing, spec: spec, fields: fields, reason: .conflict, message: claim.conflictMessage(other))
        }

        // Changing host, port or database of an applied integration would orphan what it made.
        if let current = existing, current.isActive, current.appliedDigest != nil, let problem = immutableChange(current, config) {
            return try await refuse(name, existing: current, spec: spec, fields: fields, reason: .specChanged, message: problem)
        }
        let wasEnabled = existing?.status == .enabled
        let performed = try await executor.perform(lifecycle.decide(.specRead(digest: digest), existing.map { LifecycleFacts($0) }),
                                             name: name, current: existing, new: { status in
            NewIntegration(
                name: name, status: status, host: config.host, port: config.port, database: config.database,
                systemUser: systemAccount, autoBootstrap: spec.autoBootstrap,
                deletionPolicy: spec.deletionPolicy, credentialReference: credential, desiredConfig: desiredJSON, specDigest: digest)
        }, fields: fields)
        guard let record = performed.record, let phase = performed.phase else {
            return ReconcileReport(name: name, disposition: .idle, record: performed.record)
        }
        existing = record
        if let status = phase.inProgress {
            log(record, event: "transition", "integration \(status.rawValue)")
        }

        if !spec.autoBootstrap {
            return try await applyManual(record, phase: phase, spec: spec, file: file, desiredJSON: desiredJSON, digest: digest)
        }
        let (systemPassword, isNew) = try await systemAccountPassword(for: record)
        let owned = try await store.ownedObjects(integrationId: record.id)
        var input = BootstrapInput(
            integrationUID: record.uid.uuidString.lowercased(), integrationName: name, spec: spec, privilegedPassword: Secret(""),
            systemUser: record.systemUser, systemUserPassword: systemPassword, systemUserPasswordIsNew: isNew,
            ownedObjects: Set(owned.map(\.managedObject)),
            previousRoles: owned.filter { $0.kind == .role }.map(\.name))
        input.governanceApplied = Self.governanceApplied(record)
        input.appliedBefore = record.appliedConfig != nil

        // An edit of mapped users' groups and attributes alone rewrites profile rows as the system
        // account, whatever the number of data sources (`Bootstrapper.applyProfile`); anything
        // else, a profile edit that cannot be applied alone, or one after a failed edit (whose
        // leftovers the whole apply repairs), takes the whole apply below.
        if phase == .edit && wasEnabled && !isNew, let applied = Self.appliedSpec(record), applied.differsOnlyInProfiles(from: canonical.redacted),
           let outcome = await bootstrapper(for: name).applyProfile(input, prior: record.validationResults?.validationTests ?? []) {
            return try await finish(record, phase: phase, outcome: outcome, spec: spec, desiredJSON: desiredJSON, digest: digest)
        }

        // A routine check runs as the system account; the privileged account is used only to repair.
        if phase == .check && record.status == .enabled && !isNew {
            switch await bootstrapper(for: name).check(input) {
            case .clean:
                return ReconcileReport(name: name, disposition: .converged, record: record)
            case .failed(let error):
                return try await finishFailure(record, phase: phase, reason: error.isTransient ? .connectionFailed : "error",
                                         results: nil, transient: error.isTransient, message: "routine check failed: \(error)")
            case .needsRepair(let steps):
                log(record, event: "drift-detected", "drift found: \(steps.map(\.description).joined(separator: "; "))", level: .warning)
            }
        }

        switch await privilegedLogin(config) {
        case .success(let user, let password, let tests):
            input.privilegedUser = user
            input.privilegedPassword = password
            input.priorTests = tests
        case .failure(let tests, let transient, let message):
            return try await finishLoginFailure(record, phase: phase, tests: tests, transient: transient, message: message)
        }
        let outcome = await bootstrapper(for: name).apply(input, journal: StoreJournal(store: store, integrationId: record.id))
        return try await finish(record, phase: phase, outcome: outcome, spec: spec, desiredJSON: desiredJSON, digest: digest)
    }

    /// A phase's outcome (bootstrap, repair or manual verification) as the record's next
    /// status: the one place that maps a result to success, a permanent or a transient failure.
    func finish(_ record: IntegrationRecord, phase: Phase, outcome: BootstrapOutcome, spec: IntegrationSpec,
                desiredJSON: String, digest: String) async throws -> ReconcileReport {
        switch outcome.result {
        case .converged(let steps):
            return try await finishSuccess(record, phase: phase, spec: spec, desiredJSON: desiredJSON, digest: digest,
                                     results: outcome.validationResults, steps: steps)
        case .validationFailed(let message):
            return try await finishFailure(record, phase: phase, reason: .validationFailed, results: outcome.validationResults,
                                     transient: false, message: message)
        case .failed(let error):
            return try await finishFailure(record, phase: phase, reason: error.isTransient ? .connectionFailed : "error",
                                     results: outcome.validationResults, transient: error.isTransient, message: error.description)
        case .planned, .cancelled:
            return ReconcileReport(name: record.name, disposition: .idle, record: record)
        }
    }

    /// A failed privileged login (or an Okta login's) as the record's next status.
    func finishLoginFailure(_ record: IntegrationRecord, phase: Phase, tests: [ValidationTest], transient: Bool,
                            message: String) async throws -> ReconcileReport {
        try await finishFailure(record, phase: phase, reason: transient ? .connectionFailed : .validationFailed,
                          results: tests.isEmpty ? nil : ValidationResults(validationTests: tests), transient: transient, message: message)
    }

    /// Changing host, port or database would orphan the managed objects: refuse it.
    func immutableChange(_ record: IntegrationRecord, _ config: RedshiftConfig) -> String? {
        var changed: [String] = []
        if record.host.lowercased() != config.host.lowercased() { changed.append("config.host (\(record.host) → \(config.host))") }
        if record.port != config.port { changed.append("config.port (\(record.port) → \(config.port))") }
        if record.database != config.database { changed.append("config.database (\(record.database) → \(config.database))") }
        guard !changed.isEmpty else { return nil }
        return "\(changed.joined(separator: ", ")) cannot be changed on an existing integration: "
            + "restore the previous value, or remove the file (the integration is deleted) and add a new file with the new value"
    }

    /// Records a refusal (conflict, forbidden edit) without touching the warehouse.
    func refuse(_ name: String, existing: IntegrationRecord?, spec: IntegrationSpec, fields: @escaping (inout IntegrationRecord) -> Void,
                reason: TransitionReason, message: String) async throws -> ReconcileReport {
        logger.warning("\(name): spec refused", metadata: ["steward.integration": "\(name)", "steward.event": "refused", "error": "\(message)"])
        let performed = try await executor.perform(lifecycle.decide(.specRefused(reason), existing.map { LifecycleFacts($0) }),
                                             name: name, current: existing, message: message, new: { status in
            NewIntegration(
                name: name, status: status, host: spec.config.host, port: spec.config.port, database: spec.config.database,
                systemUser: SpecFileName.systemAccountName(forIntegration: name), autoBootstrap: spec.autoBootstrap,
                deletionPolicy: spec.deletionPolicy, lastError: message)
        }, fields: { record in
            fields(&record)
            record.lastError = message
            record.attempts += 1
        })
        return ReconcileReport(name: name, disposition: .permanentFailure, record: performed.record, message: message)
    }

    func systemAccountPassword(for record: IntegrationRecord) async throws -> (Secret, Bool) {
        if let stored = try await secrets.read(uid: record.uid) { return (stored, false) }
        // Written before the account is created, so a crash cannot lose the password of an
        // account that exists.
        let generated = Secret(PasswordGenerator().generate())
        try await secrets.write(uid: record.uid, secret: generated)
        return (generated, true)
    }

    func finishSuccess(_ record: IntegrationRecord, phase: Phase, spec: IntegrationSpec, desiredJSON: String, digest: String,
                       results: ValidationResults, steps: [Step]) async throws -> ReconcileReport {
        let wasStatus = record.status
        let repaired = phase == .check && !steps.isEmpty
        let message = steps.isEmpty ? nil : steps.map(\.description).joined(separator: "; ")
        let role = spec.config.impersonation.enabled ? spec.config.impersonation.role : nil
        let update: (inout IntegrationRecord) -> Void = { record in
            record.appliedConfig = desiredJSON
            record.appliedDigest = digest
            record.validationResults = results
            record.lastError = nil
            record.attempts = 0
            record.nextAttemptAt = nil
            record.impersonationRole = role
        }
        let decided = lifecycle.decide(.phaseSucceeded(phase, repaired: repaired), LifecycleFacts(record))
        let updated = try await executor.perform(decided, name: record.name, current: record, message: message, fields: update).record ?? record
        if wasStatus != .enabled {
            log(updated, event: "transition", "integration enabled", previous: wasStatus)
        } else if repaired {
            log(updated, event: "drift-repaired", "drift repaired: \(message ?? "")")
        }
        return ReconcileReport(name: record.name, disposition: .converged, record: updated, steps: steps.map(\.description))
    }

    func finishFailure(_ record: IntegrationRecord, phase: Phase, reason: TransitionReason, results: ValidationResults?,
                       transient: Bool, message: String) async throws -> ReconcileReport {
        let status = phase.errorStatus
        let previous = record.status
        let decided = lifecycle.decide(.phaseFailed(phase, reason), LifecycleFacts(record))
        let updated = try await executor.perform(decided, name: record.name, current: record, message: message, fields: { record in
            if let results { record.validationResults = results }
            record.lastError = message
            record.attempts += 1
        }).record ?? record
        log(updated, event: "transition", "integration \(status.rawValue): \(message)", previous: previous, level: .error)
        return ReconcileReport(name: record.name, disposition: transient ? .transientFailure : .permanentFailure,
                               record: updated, message: message)
    }

    func log(_ record: IntegrationRecord, event: String, _ message: String, previous: IntegrationStatus? = nil, level: Logger.Level = .notice) {
        var metadata: Logger.Metadata = [
            "steward.integration": "\(record.name)",
            "steward.integration_id": "\(record.displayID)",
            "steward.status": "\(record.status.rawValue)",
            "steward.event": "\(event)",
            "steward.attempt": "\(record.attempts)",
        ]
        if let previous { metadata["steward.previous_status"] = "\(previous.rawValue)" }
        logger.log(level: level, "\(record.name): \(message)", metadata: metadata)
    }
}
