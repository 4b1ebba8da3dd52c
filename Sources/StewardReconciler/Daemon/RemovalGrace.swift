/// How long a spec file must stay gone before its integration is deleted.
///
/// A missing file is not always a decision to delete: `rm -rf` of the folder removes the files
/// one by one before the folder itself, a deploy or a `git checkout` replaces the folder, an
/// editor that saves by unlinking and re-creating leaves a gap. Deleting at the first sight of a
/// missing file would drop databases that are back a second later. So a missing file starts a
/// grace period; the integration is deleted only if, when it ends, the folder is still there
/// and the file still is not.
///
/// The grace period is a property of the name, not of one timer: it starts at the first sight
/// of the file missing and ends at *any* sign that the file is there again — a worker that finds
/// it, a listing of the folder that shows it, a watcher event that it was written. So a file
/// that flickers (gone, back, gone again) gets a full period from its latest disappearance, never
/// the remainder of an old one. And a missing file whose record cannot be read is never taken
/// as "nothing to protect": it waits (`RecordSight.unreadable`).
///
/// This decides *when* a removal may start. Whether it still may when it acts is checked again
/// against the folder by the reconciler, at the moment it would record the first transition and
/// again right before the first destructive statement (`IntegrationReconciler.remove`).
///
/// A plain state machine over instants (`C.Instant`), tested without I/O or sleeping.
package struct RemovalGrace<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    package enum Decision: Sendable, Hashable {
        /// Go ahead: reconcile the missing file now (delete, forget, or nothing to do).
        case proceed
        /// Not yet: look again after this long.
        case wait(Duration)
    }

    /// What the store said about the name when its file was found missing.
    package enum RecordSight: Sendable, Hashable {
        /// An active record: `deletionStarted` when a deletion is already under way (`deleting`,
        /// `deleteError`), which carries on without a new grace period.
        case active(deletionStarted: Bool)
        /// No record, or one that is `deleted` or `disabled`: nothing to protect.
        case inactive
        /// The store could not be read: not knowing is not permission to delete.
        case unreadable
    }

    /// The grace period; zero deletes at the first sight of a missing file.
    package let period: Duration
    /// How soon a name whose record could not be read is looked at again.
    package let unreadableRetry: Duration
    private var missingSince: [String: Instant] = [:]

    package init(period: Duration, unreadableRetry: Duration = .seconds(1)) {
        self.period = period
        self.unreadableRetry = unreadableRetry
    }

    /// The file of `name` was found missing at `now`, and the store said `record`.
    package mutating func fileMissing(_ name: String, at now: Instant, record: RecordSight) -> Decision {
        switch record {
        case .inactive:
            missingSince[name] = nil
            return .proceed
        case .unreadable:
            // Keep a running period running; start none (the period starts at a sight that
            // knows there is something to protect), and never proceed.
            return .wait(unreadableRetry)
        case .active(let deletionStarted):
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
    }

    /// There is a sign that the file of `name` is there (again): any grace period for it ends,
    /// and a later disappearance starts a full one.
    package mutating func filePresent(_ name: String) {
        missingSince[name] = nil
    }

    /// The folder itself cannot be read (removed, unmounted): every running grace period ends.
    /// A grace period counts time in which the folder is there and the file is not; a period
    /// started while `rm -rf` removed the files one by one must not run out during the outage
    /// and delete a file the moment the folder is back, before it could be written again. The
    /// next sight of a missing file, with the folder back, starts a full period.
    package mutating func folderUnavailable() {
        missingSince.removeAll()
    }

    /// Names whose grace period is running.
    package var pending: Set<String> { Set(missingSince.keys) }
}
