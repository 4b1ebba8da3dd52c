import StewardReconciler
import StewardSpec
import StewardStore
import Testing

/// The lifecycle without I/O: every event in every status (applied or not, each setup and
/// deletion policy, owning objects or not), the way `WorkQueueStateTests` tests the queue.
@Suite struct IntegrationLifecycleTests {
    let lifecycle = IntegrationLifecycle()

    /// Every record the lifecycle can be asked about, and "no record". A record is applied
    /// (has an applied digest) exactly when its status says so: never in `creating` or
    /// `createError`, always in `enabled`, `editing`, `editError` and `recurringValidationError`
    /// (the statuses a create reaches only through `enabled`), either way elsewhere. The API's
    /// `migrating` and `migrateError` are left out: no edge leads there, so no record is in them.
    static var allFacts: [LifecycleFacts?] {
        var all: [LifecycleFacts?] = [nil]
        for status in IntegrationStatus.allCases where status != .migrating && status != .migrateError {
            let digests: [String?] = switch status {
            case .creating, .createError: [nil]
            case .enabled, .editing, .editError, .recurringValidationError: ["d1"]
            default: [nil, "d1"]
            }
            for digest in digests {
                for auto in [true, false] {
                    for policy in DeletionPolicy.allCases {
                        for owns in [false, true] {
                            all.append(LifecycleFacts(status: status, appliedDigest: digest, autoBootstrap: auto,
                                                      deletionPolicy: policy, ownsObjects: owns))
                        }
                    }
                }
            }
        }
        return all
    }

    static var allEvents: [LifecycleEvent] {
        var events: [LifecycleEvent] = [.specRead(digest: "d1"), .specRead(digest: "d2"), .specRefused(.specInvalid), .specRefused(.conflict),
                                        .fileMissing, .admitNew, .admitChange, .apiDelete, .deletionSucceeded, .deletionFailed(.connectionFailed)]
        for phase in LifecyclePhase.allCases {
            events += [.phaseSucceeded(phase, repaired: false), .phaseSucceeded(phase, repaired: true), .phaseFailed(phase, .validationFailed)]
        }
        return events
    }

    /// The statuses a decision walks through, from the record's (nil: none).
    static func path(_ actions: [LifecycleAction], from status: IntegrationStatus?) -> [(IntegrationStatus?, IntegrationStatus)] {
        var current = status
        var steps: [(IntegrationStatus?, IntegrationStatus)] = []
        for action in actions {
            guard let next = action.recordedStatus else { continue }
            if next != current { steps.append((current, next)) }
            current = next
        }
        return steps
    }

    /// The events that can really happen to a record in this status: a phase ends only where it
    /// runs, a deletion only while `deleting`.
    static func canHappen(_ event: LifecycleEvent, to facts: LifecycleFacts?) -> Bool {
        switch event {
        case .phaseSucceeded(let phase, _), .phaseFailed(let phase, _):
            guard let facts else { return false }
            switch phase {
            case .create: return facts.status == .creating
            case .edit: return facts.status == .editing
            case .check: return facts.status == .enabled || facts.status == .recurringValidationError
            }
        case .deletionSucceeded, .deletionFailed:
            return facts?.status == .deleting
        default:
            return true
        }
    }

    @Test func everyDecidedChangeIsAnEdgeOfTheGraphAndEveryEdgeIsDecided() {
        var used: Set<String> = []
        for facts in Self.allFacts {
            for event in Self.allEvents where Self.canHappen(event, to: facts) {
                let actions = lifecycle.decide(event, facts)
                for (from, to) in Self.path(actions, from: facts?.status) {
                    #expect(LifecycleGraph.allows(from: from, to: to), "\(event) on \(String(describing: facts)): \(from?.rawValue ?? "new") → \(to)")
                    used.insert("\(from?.rawValue ?? "new")→\(to.rawValue)")
                }
            }
        }
        for edge in LifecycleGraph.edges {
            #expect(used.contains("\(edge.from?.rawValue ?? "new")→\(edge.to.rawValue)"), "no event takes the edge \(edge)")
        }
        #expect(Set(LifecycleGraph.edges.map { "\($0.from?.rawValue ?? "new")→\($0.to.rawValue)" }).count == LifecycleGraph.edges.count,
                "each edge is listed once")
    }

    @Test func noEdgeLeadsToTheStatusesStewardNeverEnters() {
        #expect(!LifecycleGraph.edges.contains { $0.to == .migrating || $0.to == .migrateError })
    }

    @Test func aSpecSeenForTheFirstTimeIsCreated() {
        #expect(lifecycle.decide(.specRead(digest: "d"), nil) == [.create(.creating, .created), .run(.create)])
        #expect(lifecycle.decide(.specRefused(.specInvalid), nil) == [.create(.createError, .specInvalid)])
        #expect(lifecycle.decide(.admitNew, nil) == [.create(.creating, .created)])
    }

    @Test func aSpecBackAfterDeletedTakesANewIdentityAndAfterDisabledKeepsIt() {
        let deleted = LifecycleFacts(status: .deleted, appliedDigest: nil)
        let disabled = LifecycleFacts(status: .disabled, appliedDigest: nil)
        #expect(lifecycle.decide(.specRead(digest: "d"), deleted) == [.reopen(keepIdentity: false), .run(.create)])
        #expect(lifecycle.decide(.specRead(digest: "d"), disabled) == [.reopen(keepIdentity: true), .run(.create)])
        #expect(lifecycle.decide(.admitNew, disabled) == [.reopen(keepIdentity: true)])
        // A refused spec of a Retain-forgotten integration keeps the identity too, so that a
        // fixed file later adopts what Retain kept.
        #expect(lifecycle.decide(.specRefused(.conflict), disabled) == [.reopen(keepIdentity: true), .transition(.createError, .conflict)])
    }

    @Test func aValidSpecMakesChangesOrChecks() {
        let enabled = LifecycleFacts(status: .enabled, appliedDigest: "d1")
        #expect(lifecycle.decide(.specRead(digest: "d1"), enabled) == [.update, .run(.check)])
        #expect(lifecycle.decide(.specRead(digest: "d2"), enabled) == [.transition(.editing, .specChanged), .run(.edit)])
        let failedEdit = LifecycleFacts(status: .editError, appliedDigest: "d1")
        #expect(lifecycle.decide(.specRead(digest: "d1"), failedEdit) == [.transition(.editing, .specChanged), .run(.edit)],
                "an editError is retried as an edit even when the file is the applied one")
        let failedCreate = LifecycleFacts(status: .createError, appliedDigest: nil)
        #expect(lifecycle.decide(.specRead(digest: "d1"), failedCreate) == [.transition(.creating, "retry"), .run(.create)])
        let creating = LifecycleFacts(status: .creating, appliedDigest: nil)
        #expect(lifecycle.decide(.specRead(digest: "d1"), creating) == [.transition(.creating, .created), .run(.create)])
    }

    @Test func aFileBackDuringADeletionIsAppliedAgain() {
        for status in [IntegrationStatus.deleting, .deleteError] {
            #expect(lifecycle.decide(.specRead(digest: "d1"), LifecycleFacts(status: status, appliedDigest: "d1"))
                == [.transition(.editing, .fileReappeared), .run(.edit)])
            #expect(lifecycle.decide(.specRead(digest: "d1"), LifecycleFacts(status: status, appliedDigest: nil, ownsObjects: true))
                == [.transition(.creating, "retry"), .run(.create)])
        }
    }

    @Test func refusalsKeepThePreviousStateInTheirPhasesErrorStatus() {
        #expect(lifecycle.decide(.specRefused(.specChanged), LifecycleFacts(status: .enabled, appliedDigest: "d")) == [.transition(.editError, .specChanged)])
        #expect(lifecycle.decide(.specRefused(.conflict), LifecycleFacts(status: .creating, appliedDigest: nil)) == [.transition(.createError, .conflict)])
        #expect(lifecycle.decide(.specRefused(.specInvalid), LifecycleFacts(status: .deleting, appliedDigest: "d")) == [.transition(.editError, .specInvalid)])
    }

    @Test func aRemovedFileIsForgottenOrDropped() {
        func removal(_ status: IntegrationStatus = .enabled, digest: String? = "d", auto: Bool = true,
                     policy: DeletionPolicy = .delete, owns: Bool = true) -> [LifecycleAction] {
            lifecycle.decide(.fileMissing, LifecycleFacts(status: status, appliedDigest: digest, autoBootstrap: auto,
                                                          deletionPolicy: policy, ownsObjects: owns))
        }
        #expect(removal(.createError, digest: nil, owns: false) == [.forget(.nothingMade)])
        #expect(removal(.creating, digest: nil, owns: true) == [.transition(.deleting, .fileRemoved), .drop], "half-made objects are dropped")
        #expect(removal(auto: false) == [.forget(.manualSetup)])
        #expect(removal(policy: .retain) == [.forget(.retained)])
        #expect(removal() == [.transition(.deleting, .fileRemoved), .drop])
        #expect(removal(.deleting) == [.drop], "a deletion under way goes on without a new row")
        #expect(removal(.deleteError) == [.transition(.deleting, .fileRemoved), .drop])
        #expect(lifecycle.decide(.fileMissing, LifecycleFacts(status: .deleted, appliedDigest: nil)).isEmpty)
        #expect(lifecycle.decide(.fileMissing, nil).isEmpty)
    }

    @Test func theAPIsDoorsGoThroughTheSameRules() {
        let enabled = LifecycleFacts(status: .enabled, appliedDigest: "d")
        #expect(lifecycle.decide(.admitNew, enabled) == [.refuse(.enabled)])
        #expect(lifecycle.decide(.admitChange, enabled) == [.transition(.editing, .specChanged)])
        #expect(lifecycle.decide(.admitChange, LifecycleFacts(status: .createError, appliedDigest: nil)) == [.transition(.creating, .specChanged)])
        for status in IntegrationStatus.allCases where status.isInProgress {
            #expect(lifecycle.decide(.admitChange, LifecycleFacts(status: status, appliedDigest: "d")) == [.refuse(status)])
        }
        #expect(lifecycle.decide(.admitChange, LifecycleFacts(status: .deleted, appliedDigest: nil)) == [.refuse(.deleted)])
        #expect(lifecycle.decide(.apiDelete, enabled) == [.transition(.deleting, .fileRemoved)])
        #expect(lifecycle.decide(.apiDelete, LifecycleFacts(status: .deleteError, appliedDigest: "d")).isEmpty)
        #expect(lifecycle.decide(.apiDelete, LifecycleFacts(status: .disabled, appliedDigest: nil)) == [.refuse(.disabled)])
    }

    @Test func outcomesEndThePhase() {
        let creating = LifecycleFacts(status: .creating, appliedDigest: nil)
        #expect(lifecycle.decide(.phaseSucceeded(.create, repaired: false), creating) == [.transition(.enabled, .applied)])
        #expect(lifecycle.decide(.phaseFailed(.create, .connectionFailed), creating) == [.transition(.createError, .connectionFailed)])
        let editing = LifecycleFacts(status: .editing, appliedDigest: "d")
        #expect(lifecycle.decide(.phaseFailed(.edit, .validationFailed), editing) == [.transition(.editError, .validationFailed)])
        let enabled = LifecycleFacts(status: .enabled, appliedDigest: "d")
        #expect(lifecycle.decide(.phaseSucceeded(.check, repaired: false), enabled) == [.transition(.enabled, "checked")])
        #expect(lifecycle.decide(.phaseSucceeded(.check, repaired: true), enabled) == [.transition(.enabled, .driftRepaired), .note(.driftRepaired)],
                "a repair of an enabled integration is noted, its status unchanged")
        #expect(lifecycle.decide(.phaseFailed(.check, .connectionFailed), enabled) == [.transition(.recurringValidationError, .connectionFailed)])
        let failing = LifecycleFacts(status: .recurringValidationError, appliedDigest: "d")
        #expect(lifecycle.decide(.phaseSucceeded(.check, repaired: true), failing) == [.transition(.enabled, .driftRepaired)])
        let deleting = LifecycleFacts(status: .deleting, appliedDigest: "d")
        #expect(lifecycle.decide(.deletionSucceeded, deleting) == [.transition(.deleted, .deleted)])
        #expect(lifecycle.decide(.deletionFailed(.connectionFailed), deleting) == [.transition(.deleteError, .connectionFailed)])
    }
}
