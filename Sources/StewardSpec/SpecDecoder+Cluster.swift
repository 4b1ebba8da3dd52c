extension SpecDecoder {
    /// `config.clusterIdentifier` and `config.region`: where `GetClusterCredentials` looks for
    /// the cluster when the host is not an Amazon endpoint name. Okta only.
    mutating func decodeClusterOverrides(_ config: Fields, okta: Bool) -> (String?, String?) {
        var values: [String: String] = [:]
        let examples = ["clusterIdentifier": "examplecluster", "region": "us-west-2"]
        for key in ["clusterIdentifier", "region"] {
            guard let node = config[key] else { continue }
            let path = config.path.appending(key)
            guard okta else {
                reader.report(path, "is used only with authenticationType okta (for GetClusterCredentials)",
                              fix: "remove \(key)", at: config.keyMark(key))
                continue
            }
            values[key] = rule(node, at: path, expected: "a name", example: "\(key): \(examples[key] ?? "")") {
                FieldRules.awsName($0, key: key, example: examples[key] ?? "")
            }
        }
        return (values["clusterIdentifier"], values["region"])
    }
}
