import StewardSpec

/// The last word on a removal: is the spec file of `name` still missing *now*?
///
/// A removal is decided from an earlier look at the folder (the worker's, and the removal grace
/// period's). Between that look and the first transition or the first `DROP`, the file can come
/// back: a deploy that replaced it, an editor that saved by unlinking, a grace timer that fired
/// late on a loaded machine. So the reconciler asks this again at the moment it acts. A folder
/// that cannot be read does not confirm anything: the removal waits (the safe direction).
///
/// Without a folder (a one-shot `steward apply`, which only ever sees files) there is nothing to
/// look at and the removal goes ahead.
struct RemovalConfirmation: Sendable {
    let name: String
    let folder: (any SpecLocator)?

    @Sendable func fileStillMissing() -> Bool {
        guard let folder else { return true }
        guard case .missing = try? folder.locate(name) else { return false }
        return true
    }
}
