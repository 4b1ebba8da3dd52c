import Foundation
import StewardSpec

/// A temporary database user and password from `GetClusterCredentials`, for libpq.
public struct DatabaseCredentials: Sendable, Hashable {
    /// The user to connect as, e.g. `IAM:alice` (`IAMA:alice` when it was created on the fly).
    public var user: String
    public var password: Secret
    /// When Redshift stops accepting the password for new connections.
    public var expiration: Date

    public init(user: String, password: Secret, expiration: Date) {
        self.user = user
        self.password = password
        self.expiration = expiration
    }
}
