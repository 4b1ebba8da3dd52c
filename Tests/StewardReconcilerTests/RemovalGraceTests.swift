import StewardReconciler
import Testing

/// The grace period between a spec file going missing and its integration being deleted.
@Suite struct RemovalGraceTests {
    typealias Grace = RemovalGrace<ContinuousClock.Instant>
    let start = ContinuousClock.now

    @Test func aMissingFileWaitsThenProceeds() {
        var grace = Grace(period: .seconds(5))
        #expect(grace.fileMissing("a", at: start, deletionStarted: false) == .wait(.seconds(5)))
        #expect(grace.fileMissing("a", at: start + .seconds(2), deletionStarted: false) == .wait(.seconds(3)))
        #expect(grace.pending == ["a"])
        #expect(grace.fileMissing("a", at: start + .seconds(5), deletionStarted: false) == .proceed)
        #expect(grace.pending.isEmpty)
    }

    @Test func aFileThatComesBackStartsAfreshNextTime() {
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, deletionStarted: false)
        grace.filePresent("a")
        #expect(grace.pending.isEmpty)
        #expect(grace.fileMissing("a", at: start + .seconds(6), deletionStarted: false) == .wait(.seconds(5)))
    }

    @Test func aDeletionUnderWayCarriesOn() {
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, deletionStarted: false)
        #expect(grace.fileMissing("a", at: start + .seconds(1), deletionStarted: true) == .proceed)
        #expect(grace.pending.isEmpty)
    }

    @Test func zeroMeansAtOnceAndNamesAreIndependent() {
        var none = Grace(period: .zero)
        #expect(none.fileMissing("a", at: start, deletionStarted: false) == .proceed)
        var grace = Grace(period: .seconds(5))
        _ = grace.fileMissing("a", at: start, deletionStarted: false)
        #expect(grace.fileMissing("b", at: start + .seconds(4), deletionStarted: false) == .wait(.seconds(5)))
        #expect(grace.fileMissing("a", at: start + .seconds(5), deletionStarted: false) == .proceed)
        #expect(grace.pending == ["b"])
    }
}
