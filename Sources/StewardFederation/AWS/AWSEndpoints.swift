/// Where the STS and Redshift calls go, resolved as the AWS SDKs do from an injected environment:
///
/// 1. `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL_REDSHIFT` (the service's own variable);
/// 2. else `AWS_ENDPOINT_URL` (all services);
/// 3. else the regional endpoint `https://sts.REGION.amazonaws.com/`,
///    `https://redshift.REGION.amazonaws.com/` (`amazonaws.com.cn` in China regions).
///
/// Empty variables count as unset, and `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` ignores both
/// variables, as in the SDKs. An override must be https, or http to a loopback address.
package enum AWSEndpoints {
    package enum Service: String, Sendable, CaseIterable {
        case sts
        case redshift

        /// The suffix of the service's own variable (`AWS_ENDPOINT_URL_STS`).
        var variableSuffix: String { rawValue.uppercased() }

        var stage: FederationError.Stage {
            switch self {
            case .sts: .assumeRole
            case .redshift: .clusterCredentials
            }
        }
    }

    /// The endpoint for `service` in `region`.
    package static func endpoint(for service: Service, region: String,
                                environment: [String: String]) throws(FederationError) -> EndpointURL {
        let ignoreOverrides = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        let variables = ["AWS_ENDPOINT_URL_\(service.variableSuffix)", "AWS_ENDPOINT_URL"]
        if !ignoreOverrides {
            for variable in variables {
                guard let value = environment[variable]?.trimmingWhitespace(), !value.isEmpty else { continue }
                do {
                    return try EndpointURL.parse(value)
                } catch {
                    throw FederationError(
                        stage: .configuration,
                        message: "\(variable) (\(ServerText.clip(value, limit: 120))) is not a usable endpoint: \(error.reason).",
                        fix: "Set \(variable) to an https URL (plain http only to 127.0.0.1, ::1 or localhost), or unset it.")
                }
            }
        }
        guard RegionName.isValid(region) else {
            throw FederationError(stage: .configuration, message: "the AWS region \"\(ServerText.clip(region, limit: 60))\" is not a region name.",
                                  fix: "Give a region such as us-east-1 (it is read from the Redshift host name unless set explicitly).")
        }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        do {
            return try EndpointURL.parse("https://\(service.rawValue).\(region).\(domain)")
        } catch {
            throw FederationError(stage: .configuration, message: "no endpoint for \(service.rawValue) in \(region): \(error.reason).",
                                  fix: "Check the region.")
        }
    }
}

/// AWS region names: lower-case letters, digits and hyphens, such as `eu-west-1`.
enum RegionName {
    static func isValid(_ region: String) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 3 && region.count <= 30
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
            && parts.last?.allSatisfy(\.isNumber) == true
    }
}
