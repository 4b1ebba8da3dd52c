/// Answers where the spec of one integration is, right now. `SpecFolder` is the one the daemon
/// uses; a removal asks it again at the moment it acts (`RemovalConfirmation`).
package protocol SpecLocator: Sendable {
    func locate(_ name: String) throws(DirectoryScanError) -> SpecLocation
}

extension SpecFolder: SpecLocator {}
