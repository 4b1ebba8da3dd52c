import StewardReconciler
import Testing

/// The grace period between a spec file going missing and its integration being deleted.
@Suite struct RemovalGraceTests {
    typealias Grace = RemovalGrace<ContinuousClock.Instant>
    let start = ContinuousClock.now
    let active = Grace.RecordSight.active(deletionStarted: false)

    @Test func aMissingFileWaitsThenProceeds() {
        var grace = Grace(period: .seconds(5))
        #expect(grace.fileMissing("a", at: start, record: active) == .wait(.seconds(5)))
        #expect(grace.fileMissing("a", at: start + .seconds(2), record: active) == .wait(.seconds(3)))
        #expect(grace.pending == ["a"])
        #expect(grace.fileMissing("a", at: start + .seconds(5), record: active) == .proceed)
        #expect(grace.pending.isEmpty)
    }

    @Test func aFileThatComesBackStartsAfreshNextTime() {
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, record: active)
        grace.filePresent("a")
        #expect(grace.pending.isEmpty)
        #expect(grace.fileMissing("a", at: start + .seconds(6), record: active) == .wait(.seconds(5)))
    }

    /// Gone, back (seen only by the watcher or a listing, never by a worker), gone again: the
    /// second disappearance gets a full period, not the remainder of the first.
    @Test func aFlickeringFileGetsAFullPeriodFromItsLatestDisappearance() {
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, record: active)
        grace.filePresent("a") // a create event, or a rescan that listed it
        #expect(grace.fileMissing("a", at: start + .seconds(4), record: active) == .wait(.seconds(5)))
        #expect(grace.fileMissing("a", at: start + .seconds(8), record: active) == .wait(.seconds(1)))
        #expect(grace.fileMissing("a", at: start + .seconds(9), record: active) == .proceed)
    }

    /// `rm -rf` of the folder: the files go first (their periods start), then the folder. The
    /// outage outlasts the period; when the folder is back, still empty, the files get a full
    /// period from then to be written again, not the run-out remainder from before the outage.
    @Test func aGracePeriodDoesNotRunOutWhileTheFolderIsGone() {
        var grace = Grace(period: .seconds(2))
        #expect(grace.fileMissing("a", at: start, record: active) == .wait(.seconds(2)))
        #expect(grace.fileMissing("b", at: start, record: active) == .wait(.seconds(2)))
        grace.folderUnavailable()
        #expect(grace.pending.isEmpty)
        // The folder is back (empty) 10 s later.
        #expect(grace.fileMissing("a", at: start + .seconds(10), record: active) == .wait(.seconds(2)))
        #expect(grace.fileMissing("a", at: start + .seconds(11), record: active) == .wait(.seconds(1)))
        grace.filePresent("a")
        #expect(grace.fileMissing("b", at: start + .seconds(12), record: active) == .wait(.seconds(2)))
        #expect(grace.fileMissing("b", at: start + .seconds(14), record: active) == .proceed, "a file that stays gone is still removed")
    }

    /// A store that cannot be read (busy, I/O error) is not "nothing recorded": the removal
    /// waits, and a period already running is neither ended nor restarted.
    @Test func anUnreadableRecordWaitsAndNeverProceeds() {
        var grace = Grace(period: .seconds(5), unreadableRetry: .seconds(1))
        #expect(grace.fileMissing("a", at: start, record: .unreadable) == .wait(.seconds(1)))
        #expect(grace.pending.isEmpty, "no period starts without knowing there is something to protect")
        #expect(grace.fileMissing("a", at: start + .seconds(1), record: active) == .wait(.seconds(5)))
        #expect(grace.fileMissing("a", at: start + .seconds(7), record: .unreadable) == .wait(.seconds(1)))
        #expect(grace.pending == ["a"])
        #expect(grace.fileMissing("a", at: start + .seconds(8), record: active) == .proceed)
        var none = Grace(period: .zero)
        #expect(none.fileMissing("a", at: start, record: .unreadable) == .wait(.seconds(1)))
    }

    @Test func nothingRecordedProceedsAndEndsAnyPeriod() {
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, record: active)
        #expect(grace.fileMissing("a", at: start + .seconds(1), record: .inactive) == .proceed)
        #expect(grace.pending.isEmpty)
    }

    @Test func aDeletionUnderWayCarriesOn() {
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, record: active)
        #expect(grace.fileMissing("a", at: start + .seconds(1), record: .active(deletionStarted: true)) == .proceed)
        #expect(grace.pending.isEmpty)
    }

    @Test func zeroMeansAtOnceAndNamesAreIndependent() {
        var none = Grace(period: .zero)
        #expect(none.fileMissing("a", at: start, record: active) == .proceed)
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, record: active)
        #expect(grace.fileMissing("b", at: start + .seconds(4), record: active) == .wait(.seconds(5)))
        #expect(grace.fileMissing("a", at: start + .seconds(5), record: active) == .proceed)
        #expect(grace.pending == ["b"])
    }
}
