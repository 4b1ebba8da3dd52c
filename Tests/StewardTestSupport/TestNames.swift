import Foundation

/// Unique lower-case names so that tests running in parallel never share a database or role.
package enum TestNames {
    package static func unique(_ prefix: String) -> String {
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        return "\(prefix)_\(suffix)"
    }
}
