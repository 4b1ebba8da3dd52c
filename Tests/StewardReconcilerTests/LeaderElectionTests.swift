import Testing
@testable import StewardReconciler

/// The leadership decisions, with instants a test chooses (no clock, no database).
@Suite struct LeaderElectionTests {
    typealias Election = LeaderElection<TestClock.Instant>
    let me = "host-a/1"
    let other = "host-b/2"

    func at(_ seconds: Int) -> TestClock.Instant { TestClock.Instant(offset: .seconds(seconds)) }
    func at(milliseconds: Int) -> TestClock.Instant { TestClock.Instant(offset: .milliseconds(milliseconds)) }

    func leader(term: Int64 = 1, sentAt: Int = 0) -> Election {
        var election = Election(holder: me, lease: .seconds(15))
        _ = election.answered(.init(holder: me, term: term, heldByUs: true), sentAt: at(sentAt))
        return election
    }

    @Test func aFollowerThatGetsTheLeaseLeadsUntilTheLeaseLessTheMarginFromWhenItAsked() {
        var election = Election(holder: me, lease: .seconds(15))
        #expect(election.writerTerm(at: at(0)) == nil)
        let changes = election.answered(.init(holder: me, term: 7, heldByUs: true), sentAt: at(10))
        #expect(changes == [.becameLeader(term: 7, previous: nil)])
        #expect(election.role == .leader(term: 7))
        // Sent at 10 s: the database's lease runs to at least 25 s; belief ends at 25 − 1.5 s.
        #expect(election.writerTerm(at: at(milliseconds: 23_499)) == 7)
        #expect(election.writerTerm(at: at(milliseconds: 23_500)) == nil)
    }

    @Test func aRenewalExtendsTheBeliefFromWhenItWasSentNotWhenItCameBack() {
        var election = leader()
        #expect(election.answered(.init(holder: me, term: 1, heldByUs: true), sentAt: at(5)).isEmpty)
        // A slow answer does not buy time: the belief runs from the request.
        #expect(election.isLeading(at: at(milliseconds: 18_499)))
        #expect(!election.isLeading(at: at(milliseconds: 18_500)))
    }

    @Test func aLeaderWhoseRenewalsDoNotComeBackStepsDownBeforeTheLeaseRunsOut() {
        var election = leader()
        #expect(election.failed(sentAt: at(5), now: at(6)).isEmpty)
        #expect(election.failed(sentAt: at(10), now: at(11)).isEmpty)
        #expect(election.tick(now: at(13)).isEmpty)
        #expect(election.tick(now: at(milliseconds: 13_500)) == [.steppedDown(term: 1, reason: .expired)])
        #expect(election.role == .follower(leader: nil, term: 1))
        #expect(election.writerTerm(at: at(milliseconds: 13_500)) == nil)
        // Reported once.
        #expect(election.tick(now: at(14)).isEmpty)
    }

    @Test func aRefusedRenewalEndsTheTermAtOnceAndNamesTheNewLeader() {
        var election = leader(term: 3)
        let changes = election.answered(.init(holder: other, term: 4, heldByUs: false), sentAt: at(5))
        #expect(changes == [.steppedDown(term: 3, reason: .refused), .leaderChanged(leader: other, term: 4)])
        #expect(election.role == .follower(leader: other, term: 4))
        #expect(election.writerTerm(at: at(5)) == nil)
    }

    @Test func aLeaderThatGotANewTermOfItsOwnStepsDownFromTheOldOneAndLeadsInTheNew() {
        var election = leader(term: 3)
        let changes = election.answered(.init(holder: me, term: 5, heldByUs: true), sentAt: at(5))
        #expect(changes == [.steppedDown(term: 3, reason: .refused), .becameLeader(term: 5, previous: nil)])
        #expect(election.writerTerm(at: at(6)) == 5)
    }

    @Test func aFollowerReportsEachNewLeaderOrTermOnce() {
        var election = Election(holder: me, lease: .seconds(15))
        #expect(election.answered(.init(holder: other, term: 2, heldByUs: false), sentAt: at(0)) == [.leaderChanged(leader: other, term: 2)])
        #expect(election.answered(.init(holder: other, term: 2, heldByUs: false), sentAt: at(5)).isEmpty)
        #expect(election.answered(.init(holder: other, term: 3, heldByUs: false), sentAt: at(10)) == [.leaderChanged(leader: other, term: 3)])
        #expect(election.answered(.init(holder: me, term: 4, heldByUs: true), sentAt: at(15)) == [.becameLeader(term: 4, previous: other)])
    }

    @Test func requestsComeEveryThirdOfTheLeaseAndALeaderNeverLetsItsBeliefRunOutBetweenThem() {
        var election = Election(holder: me, lease: .seconds(15))
        #expect(election.renewInterval == .seconds(5))
        #expect(election.nextRequest(after: at(0)) == at(5))
        _ = election.answered(.init(holder: me, term: 1, heldByUs: true), sentAt: at(0))
        #expect(election.nextRequest(after: at(0)) == at(5))
        // Late in the belief (a renewal failed): ask again while there is time left.
        #expect(election.nextRequest(after: at(10)) == at(12))
    }

    @Test func releasingEndsTheTermAndAFollowerHasNothingToRelease() {
        var election = leader(term: 2)
        #expect(election.released() == [.steppedDown(term: 2, reason: .refused)])
        #expect(election.released().isEmpty)
        #expect(election.termToRenew == nil)
    }
}
