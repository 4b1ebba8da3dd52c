import Foundation
import StewardSpec

/// A temporary database user and password from `GetClusterCredentials`, for libpq.
package struct DatabaseCredentials: Sendable, Hashable {
    /// The user to connect as, e.g. `IAM:alice` (`IAMA:alice` when it was created on the fly).
    package var user: String
    package var password: Secret
    /// When Redshift stops accepting the password for new connections.
    package var expiration: Date

    package init(user: String, password: Secret, expiration: Date) {
        self.user = user
        self.password = password
        self.expiration = expiration
    }
}
