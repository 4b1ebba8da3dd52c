import Foundation
import Logging
import StewardSpec

/// The federated login that Amazon's Redshift drivers perform for Okta, returning temporary
/// database credentials:
///
/// 1. Okta primary authentication (`POST /api/v1/authn`) → session token;
/// 2. the Okta AWS app (`GET /home/amazon_aws/APP_ID?onetimetoken=…`) → SAML response;
/// 3. the assertion's roles → the configured role;
/// 4. STS `AssumeRoleWithSAML` → temporary AWS credentials;
/// 5. Redshift `GetClusterCredentials`, SigV4-signed with them → database user and password.
///
/// The STS and Redshift endpoints follow `AWSEndpoints` (environment overrides as in the AWS
/// SDKs). Errors carry the stage that failed and what to do; secrets never appear in them.
package struct FederatedLogin: Sendable {
    package let settings: OktaLoginSettings
    private let environment: [String: String]
    private let http: any HTTPClient
    private let now: @Sendable () -> Date
    private let timeouts: HTTPTimeouts
    private let logger: Logger

    /// - Parameters:
    ///   - environment: the variables that may override AWS endpoints (pass the process's
    ///     environment in production; tests pass their own).
    ///   - now: the clock for request signatures.
    package init(settings: OktaLoginSettings, environment: [String: String], http: any HTTPClient = FederationHTTPClient.shared,
                now: @escaping @Sendable () -> Date = { Date() }, timeouts: HTTPTimeouts = .standard,
                logger: Logger = Logger(label: "steward.federation")) {
        self.settings = settings
        self.environment = environment
        self.http = http
        self.now = now
        self.timeouts = timeouts
        self.logger = logger
    }

    /// Runs the whole login once.
    package func login() async throws(FederationError) -> DatabaseCredentials {
        var secrets = [settings.password.unredacted]
        do {
            return try await run(secrets: &secrets)
        } catch {
            // Also their percent-encoded forms, as a server might echo a form or query value.
            throw error.scrubbing(secrets + secrets.map { FormField.percentEncode($0) })
        }
    }

    private func run(secrets: inout [String]) async throws(FederationError) -> DatabaseCredentials {
        let idp = try settings.validated()
        let cluster = RedshiftEndpoint(clusterIdentifier: settings.clusterIdentifier, region: settings.region)
        let sts = STSClient(query: AWSQueryClient(
            service: .sts, endpoint: try AWSEndpoints.endpoint(for: .sts, region: cluster.region, environment: environment),
            http: http, timeouts: timeouts))
        let redshift = RedshiftCredentialsClient(query: AWSQueryClient(
            service: .redshift, endpoint: try AWSEndpoints.endpoint(for: .redshift, region: cluster.region, environment: environment),
            http: http, timeouts: timeouts))
        let okta = OktaClient(idp: idp, http: http, timeouts: timeouts)
        var metadata: Logger.Metadata = ["steward.okta.host": "\(idp.hostHeader)", "steward.okta.user": "\(settings.username)",
                                         "steward.redshift.cluster": "\(cluster.clusterIdentifier)",
                                         "steward.redshift.region": "\(cluster.region)"]

        let sessionToken = try await okta.sessionToken(username: settings.username, password: settings.password)
        secrets.append(sessionToken.unredacted)
        logger.debug("okta authentication succeeded", metadata: metadata)

        let samlResponse = try await okta.samlResponse(appName: settings.appName, appId: settings.appId, sessionToken: sessionToken)
        secrets.append(samlResponse.unredacted)
        let attributes = try SAMLAttributes.decode(samlResponse: samlResponse.unredacted)
        let role = try RoleSelector.select(settings.role, from: attributes.roles)
        metadata["steward.aws.role"] = "\(role.roleArn)"
        logger.debug("okta SAML response read", metadata: metadata.merging(
            ["steward.aws.roles": "\(attributes.roles.count)",
             "steward.aws.session": "\(attributes.roleSessionName ?? "")"]) { $1 })

        let aws = try await sts.assumeRole(role, assertion: samlResponse, date: now())
        secrets += [aws.secretAccessKey.unredacted, aws.sessionToken?.unredacted ?? ""]
        logger.debug("assumed role with SAML", metadata: metadata)

        let parameters = RedshiftCredentialsClient.Parameters(
            cluster: cluster, dbUser: settings.dbUser ?? attributes.dbUser ?? settings.username,
            autoCreate: settings.autoCreate ?? attributes.autoCreate, dbGroups: settings.dbGroups ?? attributes.dbGroups ?? [],
            durationSeconds: settings.durationSeconds, roleArn: role.roleArn)
        let credentials = try await redshift.clusterCredentials(parameters, credentials: aws, date: now())
        logger.debug("got temporary database credentials", metadata: metadata.merging(
            ["steward.db.user": "\(credentials.user)",
             "steward.db.expiration": "\(credentials.expiration)"]) { $1 })
        return credentials
    }
}
