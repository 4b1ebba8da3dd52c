import Foundation
import StewardSpec
import StewardXML

/// STS `AssumeRoleWithSAML` (API version 2011-06-15): the SAML assertion buys temporary AWS
/// credentials for the chosen role. The call is not signed; the assertion is the credential.
struct STSClient: Sendable {
    let query: AWSQueryClient

    func assumeRole(_ role: SAMLRole, assertion: Secret, date: Date) async throws(FederationError) -> AWSCredentials {
        let action = "AssumeRoleWithSAML"
        let outcome = try await query.call(
            action: action, version: "2011-06-15",
            parameters: [FormField("RoleArn", role.roleArn), FormField("PrincipalArn", role.principalArn),
                         FormField("SAMLAssertion", assertion.unredacted)],
            signer: nil, date: date)
        switch outcome {
        case .success(let root):
            let credentials = root.child(path: ["AssumeRoleWithSAMLResult", "Credentials"])
            return AWSCredentials(
                accessKeyId: try query.field("AccessKeyId", in: credentials, action: action),
                secretAccessKey: Secret(try query.field("SecretAccessKey", in: credentials, action: action)),
                sessionToken: Secret(try query.field("SessionToken", in: credentials, action: action)),
                expiration: try query.date("Expiration", in: credentials, action: action))
        case .failure(let status, let error):
            throw refusal(status: status, error: error, role: role)
        }
    }

    private func refusal(status: Int, error: AWSQueryError?, role: SAMLRole) -> FederationError {
        let transient = AWSQueryError.isTransient(status: status, code: error?.code)
        guard let error else {
            return FederationError(
                stage: .assumeRole,
                message: "STS at \(query.endpoint.hostHeader) answered HTTP \(status) without an AWS error document.",
                fix: transient ? "Steward retries by itself; if it persists, check the STS endpoint (AWS_ENDPOINT_URL_STS)."
                    : "Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, if set, and the Okta AWS app's SAML settings.",
                isTransient: transient)
        }
        let fix = if transient {
            "Steward retries by itself."
        } else {
            switch error.code {
            case "AccessDenied", "AccessDeniedException":
                "Check the trust policy of \(role.roleArn): it must allow sts:AssumeRoleWithSAML for \(role.principalArn)."
            case "InvalidIdentityToken", "IDPRejectedClaim":
                "Check that the IAM SAML provider \(role.principalArn) holds the Okta AWS app's current IdP metadata."
            case "ExpiredTokenException", "ExpiredToken":
                "The assertion expired before STS saw it: check this host's clock, then retry."
            default:
                "Check okta.role and the role mapping of the Okta AWS app (role \(role.roleArn), provider \(role.principalArn))."
            }
        }
        return FederationError(stage: .assumeRole,
                               message: "STS refused to assume \(role.roleArn) (HTTP \(status), \(error.summary)).",
                               fix: fix, isTransient: transient, code: error.code)
    }
}
