import StewardSpec

extension ModelGenerator {
    /// One random change to a valid governance that keeps it valid; returns what it did.
    mutating func edit(_ governance: inout Governance, tables: [ModelTable]) -> String {
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            let index = Int.random(in: 0..<governance.users.count, using: &random)
            let login = logins.firstIndex(of: governance.users[index].warehouseUser) ?? 0
            let fresh = user(login)
            governance.users[index].attributes = fresh.attributes
            return "attributes of \(governance.users[index].name) → \(fresh.attributes.sorted { $0.key < $1.key })"
        case 1:
            let index = Int.random(in: 0..<governance.users.count, using: &random)
            governance.users[index].groups = subset(Self.groups)
            return "groups of \(governance.users[index].name) → \(governance.users[index].groups)"
        case 2 where !governance.policies.isEmpty:
            let removed = governance.policies.remove(at: Int.random(in: 0..<governance.policies.count, using: &random))
            return "removed policy \(removed.name)"
        case 3:
            var policy = pick([subscription(governance), masking(governance, tables: tables), rowFilter(governance, tables: tables)])
            policy.name = "q\(Int.random(in: 0..<1_000_000, using: &random)) \(kind(policy))"
            governance.policies.insert(policy, at: Int.random(in: 0...governance.policies.count, using: &random))
            return "added policy \(policy.name)"
        case 4:
            guard let index = governance.policies.indices.filter({ governance.policies[$0].masking != nil }).randomElement(using: &random),
                  var masking = governance.policies[index].masking else { return edit(&governance, tables: tables) }
            let columns = masking.columns.isEmpty
                ? tagged(governance, scope: governance.policies[index].dataSources, tags: masking.tags, tables: tables)
                : common(governance, scope: governance.policies[index].dataSources, tables: tables).filter { masking.columns.contains($0.name) }
            method(&masking, numeric: columns.allSatisfy(\.numeric))
            masking.exceptGroups = subset(Self.groups, max: 2)
            governance.policies[index].masking = masking
            return "policy \(governance.policies[index].name) → \(masking.method.rawValue), except \(masking.exceptGroups)"
        case 5 where governance.policies.count > 1:
            let first = Int.random(in: 0..<governance.policies.count, using: &random)
            let second = Int.random(in: 0..<governance.policies.count, using: &random)
            governance.policies.swapAt(first, second)
            return "swapped policies \(first) and \(second)"
        case 6 where governance.dataSources.count > 1:
            let removed = governance.dataSources.remove(at: Int.random(in: 0..<governance.dataSources.count, using: &random))
            governance.policies = governance.policies.compactMap { policy in
                var policy = policy
                guard let scope = policy.dataSources else { return policy }
                policy.dataSources = scope.filter { $0 != removed.name }
                return policy.dataSources?.isEmpty == true ? nil : policy
            }
            return "removed data source \(removed.name)"
        case 7 where governance.users.count > 1:
            let removed = governance.users.remove(at: Int.random(in: 0..<governance.users.count, using: &random))
            governance.policies = governance.policies.compactMap { policy in
                var policy = policy
                guard var subscription = policy.subscription else { return policy }
                subscription.users.removeAll { $0 == removed.name }
                policy.subscription = subscription
                return subscription.users.isEmpty && subscription.groups.isEmpty ? nil : policy
            }
            return "removed user \(removed.name)"
        default:
            return edit(&governance, tables: tables)
        }
    }
}
