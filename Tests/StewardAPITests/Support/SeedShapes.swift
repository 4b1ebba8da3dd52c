import Foundation
import Testing

/// The seed's response examples (configure-redshift-integration.md), and a comparison of shapes:
/// every key of the seed's body is in ours, with a value of the same JSON type.
enum SeedShapes {
    static let change = """
        {"id": "123456789", "status": "creating", "validationResults": {"status": "passed", "validationTests": [
          {"name": "Initial Validation: Basic Connection Test", "result": [null], "status": "passed"},
          {"name": "Validate Automatic Bootstrap: Immuta Database Does Not Exist", "result": [], "status": "passed"}]}}
        """
    static let getUserPassword = """
        {"id": "123456789", "status": "enabled", "validationResults": {"status": "passed", "validationTests": [
          {"name": "Initial Validation: Basic Connection Test", "result": [null], "status": "passed"}]},
         "type": "Redshift", "autoBootstrap": true,
         "config": {"host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "REDSHIFT_SAMPLE_DATA",
           "port": 5439, "impersonation": {"enabled": false}, "authenticationType": "userPassword",
           "username": "<REDACTED>", "password": "<REDACTED>"}}
        """
    static let getOkta = """
        {"id": "123456789", "status": "enabled", "type": "Redshift", "autoBootstrap": true,
         "config": {"host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "REDSHIFT_SAMPLE_DATA",
           "port": 5439, "impersonation": {"enabled": true, "role": "immuta_impersonation"}, "authenticationType": "okta",
           "okta": {"username": "<REDACTED>", "appId": "Okta", "idpHost": "organization.okta.com", "role": "admin"}}}
        """
    static let error = """
        {"statusCode": 409, "error": "Conflict", "message": "Redshift integration already exists on host organization.aws.amazon.com (id = 123456789)"}
        """

    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// Records an issue for every key of `seed` missing from `actual` or of another JSON type.
    static func expectShape(_ actual: [String: Any], matches seed: [String: Any], path: String = "",
                            sourceLocation: SourceLocation = #_sourceLocation) {
        for (key, expected) in seed {
            let where_ = path.isEmpty ? key : "\(path).\(key)"
            guard let value = actual[key] else {
                Issue.record("\(where_) is missing from \(actual)", sourceLocation: sourceLocation)
                continue
            }
            switch (expected, value) {
            case (let expected as [String: Any], let value as [String: Any]):
                expectShape(value, matches: expected, path: where_, sourceLocation: sourceLocation)
            case (let expected as [Any], let value as [Any]):
                // validationTests: every test has the keys all of the seed's tests have, but for
                // `result` and `message`, which the facts and the seed's other examples leave out.
                let common = (expected.compactMap { $0 as? [String: Any] }.map { Set($0.keys) }.reduce(nil) { ($0 ?? $1).intersection($1) } ?? [])
                    .subtracting(["result", "message"])
                for (index, element) in value.enumerated() {
                    guard let element = element as? [String: Any] else { continue }
                    for name in common where element[name] == nil {
                        Issue.record("\(where_)[\(index)].\(name) is missing", sourceLocation: sourceLocation)
                    }
                }
            case (is String, is String), (is Bool, is Bool), (is NSNumber, is NSNumber):
                break
            default:
                Issue.record("\(where_): \(value) is not of the seed's type (\(expected))", sourceLocation: sourceLocation)
            }
        }
    }
}
