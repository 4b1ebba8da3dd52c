import Foundation
import StewardSpec
import Yams

/// The body of `DELETE /integrations/{id}`: the privileged credentials the integration was
/// configured with (`{"authenticationType": "userPassword", "username": ..., "password": ...}`,
/// or `{"authenticationType": "okta", "okta": {"username": ..., "password": ...}}`), or nothing.
struct DeletionCredentials: Sendable {
    var authenticationType: AuthenticationType
    var username: String
    var password: Secret

    /// nil for an empty body (or `{}`); 400 for anything that is not a credentials object.
    static func parse(_ data: Data) throws(APIError) -> DeletionCredentials? {
        let text = String(decoding: data, as: UTF8.self)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON or YAML")
        }
        guard let node else { return nil }
        guard let fields = node.mapping else {
            throw APIError(.badRequest, "the body must be an object: {\"authenticationType\": \"userPassword\", \"username\": ..., \"password\": ...}")
        }
        if fields.isEmpty { return nil }
        try refuseReferences(fields, prefix: "")
        let known: Set<String> = ["authenticationType", "username", "password", "okta"]
        if let unknown = fields.keys.compactMap(\.string).first(where: { !known.contains($0) }) {
            throw APIError(.badRequest, "\(unknown): unknown key; the body takes authenticationType, username and password (or okta)")
        }
        let typeName = fields["authenticationType"]?.string ?? AuthenticationType.userPassword.rawValue
        guard let type = AuthenticationType(rawValue: typeName) else {
            throw APIError(.badRequest, "authenticationType: expected userPassword or okta, got \(typeName)")
        }
        let holder = type == .okta ? fields["okta"]?.mapping : fields
        let prefix = type == .okta ? "okta." : ""
        try refuseReferences(holder, prefix: prefix)
        guard let username = holder?["username"]?.string, !username.isEmpty,
              let password = holder?["password"]?.string, !password.isEmpty else {
            throw APIError(.badRequest, "\(prefix)username and \(prefix)password are required: give the credentials the integration was configured with")
        }
        return DeletionCredentials(authenticationType: type, username: username, password: Secret(password))
    }

    /// A `passwordFile` or `passwordCredential` in `fields`: 400, as `CallerReferences` words it.
    static func refuseReferences(_ fields: Node.Mapping?, prefix: String) throws(APIError) {
        guard let key = CallerReferences.passwordReferenceKeys.first(where: { fields?[Node($0)] != nil }) else { return }
        let problem = CallerReferences.passwordProblem(path: prefix + key, inline: prefix + "password")
        throw APIError(.badRequest, problem.description, errors: [problem])
    }
}
