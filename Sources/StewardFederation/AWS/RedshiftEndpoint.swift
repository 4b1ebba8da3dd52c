/// The cluster and region a Redshift host name stands for.
///
/// Provisioned clusters: `CLUSTER.XXXXXXXX.REGION.redshift.amazonaws.com` (`.com.cn` in China).
/// Serverless workgroups (`WORKGROUP.ACCOUNT.REGION.redshift-serverless.amazonaws.com`) are
/// recognised and refused: their temporary credentials come from another API
/// (`redshift-serverless:GetCredentials`), which this module does not call.
package struct RedshiftEndpoint: Sendable, Hashable {
    package var clusterIdentifier: String
    package var region: String

    package init(clusterIdentifier: String, region: String) {
        self.clusterIdentifier = clusterIdentifier
        self.region = region
    }

    /// The cluster and region of an Amazon Redshift host name.
    package static func parse(host: String) throws(FederationError) -> RedshiftEndpoint {
        let name = host.trimmingWhitespace().lowercased()
        var labels = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if labels.last == "" { labels.removeLast() }
        var suffix = 0
        if labels.suffix(2) == ["amazonaws", "com"] {
            suffix = 2
        } else if labels.suffix(3) == ["amazonaws", "com", "cn"] {
            suffix = 3
        }
        let service = labels.count > suffix ? labels[labels.count - suffix - 1] : ""
        if suffix > 0 && service == "redshift-serverless" {
            throw FederationError(
                stage: .configuration,
                message: "\(name) is a Redshift Serverless workgroup; Okta federation here supports provisioned clusters only (GetClusterCredentials).",
                fix: "Connect to a provisioned cluster, or use userPassword authentication for the workgroup.")
        }
        guard suffix > 0, service == "redshift", labels.count == suffix + 4 else {
            throw FederationError(
                stage: .configuration,
                message: "\(ServerText.clip(name, limit: 120)) is not an Amazon Redshift host name (CLUSTER.ID.REGION.redshift.amazonaws.com), so the cluster and region cannot be read from it.",
                fix: "Set the cluster identifier and the region explicitly (clusterIdentifier and region) for hosts such as proxies, tunnels or custom DNS names.")
        }
        let endpoint = RedshiftEndpoint(clusterIdentifier: labels[0], region: labels[2])
        try endpoint.validate()
        return endpoint
    }

    /// The explicit values where given, else what the host name says.
    package static func resolve(host: String, clusterIdentifier: String?, region: String?) throws(FederationError) -> RedshiftEndpoint {
        if let clusterIdentifier, let region {
            let endpoint = RedshiftEndpoint(clusterIdentifier: clusterIdentifier, region: region)
            try endpoint.validate()
            return endpoint
        }
        var parsed = try parse(host: host)
        if let clusterIdentifier { parsed.clusterIdentifier = clusterIdentifier }
        if let region { parsed.region = region }
        try parsed.validate()
        return parsed
    }

    /// Cluster identifiers: 1-63 lower-case letters, digits and single hyphens, starting with a
    /// letter and not ending with a hyphen. Regions as AWS names them.
    func validate() throws(FederationError) {
        let id = clusterIdentifier
        let valid = (1...63).contains(id.count) && id.first?.isLetter == true && id.last != "-" && !id.contains("--")
            && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        guard valid else {
            throw FederationError(stage: .configuration,
                                  message: "\"\(ServerText.clip(id, limit: 80))\" is not a Redshift cluster identifier.",
                                  fix: "Use the cluster's identifier: lower-case letters, digits and hyphens, starting with a letter.")
        }
        guard RegionName.isValid(region) else {
            throw FederationError(stage: .configuration, message: "\"\(ServerText.clip(region, limit: 60))\" is not an AWS region name.",
                                  fix: "Use a region such as us-east-1.")
        }
    }
}
