/// Whether a user may query a data source at all, and which policy says so.
package struct SubscriptionDecision: Sendable, Hashable, Codable {
    package var subscribed: Bool
    /// The first subscription policy (in spec order) naming the user or one of its groups.
    package var policy: String?
    /// Why, in a sentence.
    package var reason: String

    package init(subscribed: Bool, policy: String?, reason: String) {
        self.subscribed = subscribed
        self.policy = policy
        self.reason = reason
    }

    static func decide(_ user: MappedUser, dataSource: String, policies: [Policy]) -> SubscriptionDecision {
        let covering = policies.filter { $0.subscription != nil && $0.applies(to: dataSource) }
        for policy in covering {
            guard let subscription = policy.subscription else { continue }
            if subscription.users.contains(user.name) {
                return SubscriptionDecision(subscribed: true, policy: policy.name, reason: "policy \"\(policy.name)\" subscribes user \(user.name)")
            }
            if let group = user.groups.first(where: subscription.groups.contains) {
                return SubscriptionDecision(subscribed: true, policy: policy.name, reason: "policy \"\(policy.name)\" subscribes group \(group)")
            }
        }
        if covering.isEmpty {
            return SubscriptionDecision(subscribed: false, policy: nil, reason: "no subscription policy covers \(dataSource), so nobody may query it")
        }
        let names = covering.map { "\"\($0.name)\"" }.joined(separator: ", ")
        return SubscriptionDecision(subscribed: false, policy: nil,
                                    reason: "subscription policies \(names) name neither user \(user.name) nor any of its groups")
    }
}
