/// How long a spec file must stay gone before its integration is deleted.
///
/// A missing file is not always a decision to delete: `rm -rf` of the folder removes the files
/// one by one before the folder itself, a deploy or a `git checkout` replaces the folder, an
/// editor that saves by unlinking and re-creating leaves a gap. Deleting at the first sight of a
/// missing file would drop databases that are back a second later. So a missing file starts a
/// grace period; the integration is deleted only if, when it ends, the folder is still there
/// and the file still is not. A file that comes back meanwhile ends the grace period silently.
///
/// A plain state machine over instants (`C.Instant`), tested without I/O or sleeping.
public struct RemovalGrace<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    public enum Decision: Sendable, Hashable {
        /// Go ahead: delete (or forget) the integration now.
        case proceed
        /// Not yet: look again after this long.
        case wait(Duration)
    }

    /// The grace period; zero deletes at the first sight of a missing file.
    public let period: Duration
    private var missingSince: [String: Instant] = [:]

    public init(period: Duration) {
        self.period = period
    }

    /// The file of `name` is missing at `now`. `deletionStarted` is true when a deletion is
    /// already under way (`deleting`, `deleteError`): it carries on without a new grace period.
    public mutating func fileMissing(_ name: String, at now: Instant, deletionStarted: Bool) -> Decision {
        guard period > .zero, !deletionStarted else {
            missingSince[name] = nil
            return .proceed
        }
        guard let since = missingSince[name] else {
            missingSince[name] = now
            return .wait(period)
        }
        let waited = since.duration(to: now)
        if waited >= period {
            missingSince[name] = nil
            return .proceed
        }
        return .wait(period - waited)
    }

    /// The file of `name` is there (again): any grace period for it ends.
    public mutating func filePresent(_ name: String) {
        missingSince[name] = nil
    }

    /// Names whose grace period is running.
    public var pending: Set<String> { Set(missingSince.keys) }
}
