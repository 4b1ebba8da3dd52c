import Foundation
import StewardSpec
import StewardStore

/// Carries out the store's part of a lifecycle decision: every status an integration records
/// goes through here, so what the store holds is always what `IntegrationLifecycle` decided.
struct LifecycleExecutor {
    let store: any StatusStoring

    /// What a decision left to do once its record was written.
    struct Performed {
        var record: IntegrationRecord?
        /// The phase to run against the warehouse, if any.
        var phase: LifecyclePhase?
        /// Whether to drop what carries the integration's marker.
        var drop = false
    }

    /// A decision that changes a record when none was read: a defect, never the operator's doing.
    struct NoRecord: Error, CustomStringConvertible {
        let name: String
        var description: String { "the lifecycle decided to change \(name), but no record of it was read; this is a defect in steward" }
    }

    /// Performs `actions` in order. `message` goes with every row written (but a reopen that is
    /// followed by another change); `fields` is applied by the last action that writes fields
    /// (so a reopen followed by a transition applies them once); `new` makes a first record.
    func perform(_ actions: [LifecycleAction], name: String, current: IntegrationRecord?, message: String? = nil,
                 new: ((IntegrationStatus) -> NewIntegration)? = nil,
                 fields: @escaping (inout IntegrationRecord) throws -> Void = { _ in }) async throws -> Performed {
        var result = Performed(record: current)
        let lastWrite = actions.lastIndex { $0.writesRecord }
        let lastFields = actions.lastIndex { $0.writesFields }
        for (index, action) in actions.enumerated() {
            let update: (inout IntegrationRecord) throws -> Void = index == lastFields ? fields : { _ in }
            switch action {
            case .create(let status, let reason):
                guard let new else { throw NoRecord(name: name) }
                result.record = try await store.create(new(status), reason: reason, message: message)
            case .reopen(let keepIdentity):
                let uid = keepIdentity ? try existing(result, name).uid : UUID()
                result.record = try await store.reopen(name: name, newUID: uid, message: index == lastWrite ? message : nil, update: update)
            case .transition(let status, let reason):
                result.record = try await store.transition(id: try existing(result, name).id, to: status, reason: reason, message: message, update: update)
            case .forget(let forgetting):
                result.record = try await store.transition(id: try existing(result, name).id, to: forgetting.status, reason: forgetting.reason,
                                                     message: message, update: update)
            case .update:
                result.record = try await store.update(id: try existing(result, name).id, update)
            case .note(let reason):
                result.record = try await store.note(id: try existing(result, name).id, reason: reason, message: message)
            case .run(let phase):
                result.phase = phase
            case .drop:
                result.drop = true
            case .refuse(let status):
                throw AdmissionRefused(status: status)
            }
        }
        return result
    }

    private func existing(_ result: Performed, _ name: String) throws -> IntegrationRecord {
        guard let record = result.record else { throw NoRecord(name: name) }
        return record
    }
}

extension LifecycleAction {
    /// Whether the action writes the record.
    var writesRecord: Bool {
        switch self {
        case .create, .reopen, .transition, .forget, .update, .note: true
        case .run, .drop, .refuse: false
        }
    }

    /// Whether the action applies the caller's field changes.
    var writesFields: Bool {
        switch self {
        case .reopen, .transition, .forget, .update: true
        case .create, .note, .run, .drop, .refuse: false
        }
    }
}
