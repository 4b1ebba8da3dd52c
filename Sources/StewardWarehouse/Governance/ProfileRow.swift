import StewardSpec

/// One row of the profile table. `value` is a `|`-delimited list (`|analysts|eu|`), so a user's
/// change of one attribute is one UPDATE of one row.
package struct ProfileRow: Sendable, Hashable, Comparable {
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        case groups, subscriptions, attribute
    }

    package var user: String
    package var kind: Kind
    /// The attribute's name; empty for groups and subscriptions.
    package var key: String
    package var value: String

    package init(user: String, kind: Kind, key: String = "", value: String) {
        self.user = user
        self.kind = kind
        self.key = key
        self.value = value
    }

    /// What identifies the row (everything but the value).
    package var identity: String { "\(user)\u{0}\(kind.rawValue)\u{0}\(key)" }

    package static func < (lhs: ProfileRow, rhs: ProfileRow) -> Bool { lhs.identity < rhs.identity }

    static func list(_ values: [String]) -> String {
        let delimiter = GovernanceObjects.delimiter
        return values.isEmpty ? delimiter : delimiter + values.sorted().joined(separator: delimiter) + delimiter
    }

    /// The rows a spec's users, groups, attributes and subscription policies call for.
    package static func desired(_ governance: Governance) -> [ProfileRow] {
        var rows: [ProfileRow] = []
        for user in governance.users {
            rows.append(ProfileRow(user: user.warehouseUser, kind: .groups, value: list(user.groups)))
            let subscribed = governance.dataSources.map(\.name).filter { source in
                governance.policies.contains { policy in
                    guard policy.applies(to: source), let subscription = policy.subscription else { return false }
                    return subscription.users.contains(user.name) || !Set(subscription.groups).isDisjoint(with: user.groups)
                }
            }
            rows.append(ProfileRow(user: user.warehouseUser, kind: .subscriptions, value: list(subscribed)))
            for (name, values) in user.attributes {
                rows.append(ProfileRow(user: user.warehouseUser, kind: .attribute, key: name, value: list(values)))
            }
        }
        return rows.sorted()
    }
}
