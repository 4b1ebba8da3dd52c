import Foundation
import StewardSpec

/// AWS credentials; here the temporary ones that STS returns for the SAML assertion.
struct AWSCredentials: Sendable, Hashable {
    var accessKeyId: String
    var secretAccessKey: Secret
    var sessionToken: Secret?
    var expiration: Date?

    init(accessKeyId: String, secretAccessKey: Secret, sessionToken: Secret? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}
