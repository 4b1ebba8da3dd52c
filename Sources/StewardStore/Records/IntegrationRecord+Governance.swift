import Foundation
import StewardSpec

extension IntegrationRecord {
    /// The governance of the spec last applied, or before the first apply the spec as last
    /// read; nil when neither is recorded or readable.
    package var recordedGovernance: Governance? {
        guard let json = appliedConfig ?? desiredConfig,
              let spec = try? JSONDecoder().decode(RedactedSpec.self, from: Data(json.utf8)) else { return nil }
        return Governance(dataSources: spec.dataSources ?? [], users: spec.users ?? [], policies: spec.policies ?? [])
    }
}
