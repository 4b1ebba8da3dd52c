import Foundation
import StewardSpec

/// AWS credentials; here the temporary ones that STS returns for the SAML assertion.
public struct AWSCredentials: Sendable, Hashable {
    public var accessKeyId: String
    public var secretAccessKey: Secret
    public var sessionToken: Secret?
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: Secret, sessionToken: Secret? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}
