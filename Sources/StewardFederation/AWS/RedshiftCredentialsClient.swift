import Foundation
import StewardSpec
import StewardXML

/// Redshift `GetClusterCredentials` (API version 2012-12-01), signed with the role's
/// temporary credentials.
struct RedshiftCredentialsClient: Sendable {
    /// The parameters of one call.
    struct Parameters: Sendable {
        var cluster: RedshiftEndpoint
        var dbUser: String
        var autoCreate: Bool?
        var dbGroups: [String]
        var durationSeconds: Int
        /// The assumed role, for messages.
        var roleArn: String
    }

    let query: AWSQueryClient

    func clusterCredentials(_ parameters: Parameters, credentials: AWSCredentials,
                            date: Date) async throws(FederationError) -> DatabaseCredentials {
        let action = "GetClusterCredentials"
        var fields = [FormField("ClusterIdentifier", parameters.cluster.clusterIdentifier),
                      FormField("DbUser", parameters.dbUser),
                      FormField("DurationSeconds", String(parameters.durationSeconds))]
        if let autoCreate = parameters.autoCreate { fields.append(FormField("AutoCreate", autoCreate ? "true" : "false")) }
        for (index, group) in parameters.dbGroups.enumerated() {
            fields.append(FormField("DbGroups.member.\(index + 1)", group))
        }
        let signer = SigV4Signer(credentials: credentials, region: parameters.cluster.region, service: "redshift")
        let outcome = try await query.call(action: action, version: "2012-12-01", parameters: fields, signer: signer, date: date)
        switch outcome {
        case .success(let root):
            let result = root.child("GetClusterCredentialsResult")
            return DatabaseCredentials(user: try query.field("DbUser", in: result, action: action),
                                       password: Secret(try query.field("DbPassword", in: result, action: action)),
                                       expiration: try query.date("Expiration", in: result, action: action))
        case .failure(let status, let error):
            throw refusal(status: status, error: error, parameters: parameters)
        }
    }

    private func refusal(status: Int, error: AWSQueryError?, parameters: Parameters) -> FederationError {
        let transient = AWSQueryError.isTransient(status: status, code: error?.code)
        let cluster = parameters.cluster
        let detail = error.map { "HTTP \(status), \($0.summary)" } ?? "HTTP \(status) without an AWS error document"
        if error?.code == "ClusterNotFound" || error?.code == "ClusterNotFoundFault" {
            return FederationError(
                stage: .clusterCredentials,
                message: "Redshift at \(query.endpoint.hostHeader) has no cluster \(cluster.clusterIdentifier) in region \(cluster.region) (\(detail)).",
                fix: "Check the host name, which gives the cluster identifier and region, or set clusterIdentifier and region explicitly; the role's account must own the cluster.",
                code: error?.code)
        }
        let fix = if transient {
            "Steward retries by itself."
        } else {
            switch error?.code {
            case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation":
                "Allow redshift:GetClusterCredentials on dbuser:\(cluster.clusterIdentifier)/\(parameters.dbUser) (and dbgroup:, CreateClusterUser with AutoCreate) in the policy of \(parameters.roleArn)."
            case "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "IncompleteSignature":
                "AWS did not accept the temporary credentials: check this host's clock and AWS_ENDPOINT_URL_REDSHIFT / AWS_ENDPOINT_URL, if set."
            case "InvalidParameterValue", "InvalidParameterCombination", "ValidationError":
                "Check okta.dbUser, dbGroups and durationSeconds (900 to 3600)."
            case "InvalidClusterState", "InvalidClusterStateFault":
                "Wait until the cluster is available; Steward retries by itself."
            default:
                "Check the cluster \(cluster.clusterIdentifier) in \(cluster.region) and the permissions of \(parameters.roleArn)."
            }
        }
        return FederationError(stage: .clusterCredentials,
                               message: "Redshift refused GetClusterCredentials for \(parameters.dbUser) on \(cluster.clusterIdentifier) in \(cluster.region) (\(detail)).",
                               fix: fix, isTransient: transient || error?.code == "InvalidClusterState", code: error?.code)
    }
}
