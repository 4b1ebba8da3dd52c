import StewardSpec
import StewardStore

/// Decides every status change of an integration: given what the store holds (nil: nothing
/// yet) and an event, the actions to take, in order. No I/O and no clock: the executor
/// (`IntegrationReconciler`, and the HTTP API's admissions and deletions) reads fresh, asks,
/// acts. Every status it can decide is an edge of `LifecycleGraph`, the table the store enforces
/// (`IntegrationLifecycleTests` walks every event in every status).
package struct IntegrationLifecycle: Sendable {
    package init() {}

    package func decide(_ event: LifecycleEvent, _ facts: LifecycleFacts?) -> [LifecycleAction] {
        switch event {
        case .specRead(let digest): specRead(digest, facts)
        case .specRefused(let reason): specRefused(reason, facts)
        case .fileMissing: fileMissing(facts)
        case .admitNew: admitNew(facts)
        case .admitChange: admitChange(facts)
        case .apiDelete: apiDelete(facts)
        case .phaseSucceeded(let phase, let repaired): succeeded(phase, repaired: repaired, facts)
        case .phaseFailed(let phase, let reason): facts == nil ? [] : [.transition(phase.errorStatus, reason)]
        case .deletionSucceeded: facts == nil ? [] : [.transition(.deleted, .deleted)]
        case .deletionFailed(let reason): facts == nil ? [] : [.transition(.deleteError, reason)]
        }
    }

    /// A valid spec: make, change, check, or bring back what a removal under way was dropping.
    func specRead(_ digest: String, _ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts else { return [.create(.creating, .created), .run(.create)] }
        guard facts.isActive else { return [.reopen(keepIdentity: facts.status == .disabled), .run(.create)] }
        if !facts.isApplied {
            return [.transition(.creating, facts.status == .creating ? .created : "retry"), .run(.create)]
        }
        if facts.status == .deleting || facts.status == .deleteError {
            // The file is back while a deletion was under way or had failed: nothing is dropped
            // past this point, and the file's content is applied again.
            return [.transition(.editing, .fileReappeared), .run(.edit)]
        }
        if facts.appliedDigest == digest && facts.status != .editError && facts.status != .editing {
            return [.update, .run(.check)]
        }
        return [.transition(.editing, .specChanged), .run(.edit)]
    }

    /// A spec that cannot be applied: the phase's error status; the previous state stays.
    func specRefused(_ reason: TransitionReason, _ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts else { return [.create(.createError, reason)] }
        guard facts.isActive else { return [.reopen(keepIdentity: facts.status == .disabled), .transition(.createError, reason)] }
        return [.transition(facts.isApplied ? .editError : .createError, reason)]
    }

    /// The file is gone past the grace period: forget, or drop.
    func fileMissing(_ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts, facts.isActive else { return [] }
        if !facts.isApplied && !facts.ownsObjects { return [.forget(.nothingMade)] }
        if !facts.autoBootstrap { return [.forget(.manualSetup)] }
        if facts.deletionPolicy == .retain { return [.forget(.retained)] }
        return facts.status == .deleting ? [.drop] : [.transition(.deleting, .fileRemoved), .drop]
    }

    /// `POST`: a name that has no active record.
    func admitNew(_ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts else { return [.create(.creating, .created)] }
        guard facts.isActive else { return [.reopen(keepIdentity: facts.status == .disabled)] }
        return [.refuse(facts.status)]
    }

    /// `PUT`: an active integration with no change in progress.
    func admitChange(_ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts else { return [.refuse(.deleted)] }
        guard facts.isActive, !facts.status.isInProgress else { return [.refuse(facts.status)] }
        return [.transition(facts.isApplied ? .editing : .creating, .specChanged)]
    }

    /// `DELETE`: the file is gone already; `deleting` is recorded at once (no grace period).
    func apiDelete(_ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts else { return [.refuse(.deleted)] }
        guard facts.isActive else { return [.refuse(facts.status)] }
        if facts.status == .deleting || facts.status == .deleteError { return [] }
        return [.transition(.deleting, .fileRemoved)]
    }

    func succeeded(_ phase: LifecyclePhase, repaired: Bool, _ facts: LifecycleFacts?) -> [LifecycleAction] {
        guard let facts else { return [] }
        let reason: TransitionReason = repaired ? .driftRepaired : (phase == .check ? "checked" : .applied)
        // A repair of an enabled integration changes no status: it is noted as an event.
        if repaired && facts.status == .enabled { return [.transition(.enabled, reason), .note(.driftRepaired)] }
        return [.transition(.enabled, reason)]
    }
}
