import StewardStore

/// What happened to an integration, as the lifecycle sees it.
package enum LifecycleEvent: Sendable, Hashable {
    /// A valid spec was read (file), neither refused nor conflicting; `digest` is its content's.
    case specRead(digest: String)
    /// A spec that cannot be applied: invalid (`specInvalid`), its host taken (`conflict`), or a
    /// change of host, port or database (`specChanged`).
    case specRefused(TransitionReason)
    /// Its file has been gone past the removal grace period, confirmed against the folder.
    case fileMissing
    /// `POST /integrations`: a spec is about to be written for a name.
    case admitNew
    /// `PUT /integrations/{id}`: a changed spec is about to be written.
    case admitChange
    /// `DELETE /integrations/{id}`: the spec file was removed through the API.
    case apiDelete
    /// The phase converged and verified; `repaired` when a check had drift to repair.
    case phaseSucceeded(LifecyclePhase, repaired: Bool)
    /// The phase failed, for `reason` (`connectionFailed`, `validationFailed`, …).
    case phaseFailed(LifecyclePhase, TransitionReason)
    /// Everything carrying the integration's marker was dropped.
    case deletionSucceeded
    /// The deletion failed (or could not start), for `reason`.
    case deletionFailed(TransitionReason)
}
