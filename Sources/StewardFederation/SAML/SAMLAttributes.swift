import Foundation
import StewardXML

/// What the SAML response says that the login needs: the roles on offer and Redshift's
/// optional `DbUser`, `AutoCreate` and `DbGroups`, plus the `RoleSessionName`.
///
/// Elements are matched by local name, so `saml:`, `saml2:` or unprefixed documents all read.
/// The signature is not checked here: STS checks it against the IAM SAML provider.
struct SAMLAttributes: Sendable, Equatable {
    static let roleAttribute = "https://aws.amazon.com/SAML/Attributes/Role"
    static let roleSessionNameAttribute = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
    static let dbUserAttribute = "https://redshift.amazon.com/SAML/Attributes/DbUser"
    static let autoCreateAttribute = "https://redshift.amazon.com/SAML/Attributes/AutoCreate"
    static let dbGroupsAttribute = "https://redshift.amazon.com/SAML/Attributes/DbGroups"

    var roles: [SAMLRole]
    var roleSessionName: String?
    var dbUser: String?
    var autoCreate: Bool?
    var dbGroups: [String]?

    init(roles: [SAMLRole], roleSessionName: String? = nil, dbUser: String? = nil,
                autoCreate: Bool? = nil, dbGroups: [String]? = nil) {
        self.roles = roles
        self.roleSessionName = roleSessionName
        self.dbUser = dbUser
        self.autoCreate = autoCreate
        self.dbGroups = dbGroups
    }

    /// Decodes the base64 `SAMLResponse` form value and reads it.
    static func decode(samlResponse: String) throws(FederationError) -> SAMLAttributes {
        guard let data = Data(base64Encoded: samlResponse, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw FederationError(stage: .samlResponse, message: "the SAMLResponse Okta returned is not base64.",
                                  fix: "Check okta.idpHost and okta.appId: they must name the Okta AWS app (Amazon Web Services Account Federation).")
        }
        let root: XMLElement
        do {
            root = try XMLReader().parse([UInt8](data))
        } catch {
            throw FederationError(stage: .samlResponse, message: "the SAML response is not well-formed XML (\(error)).",
                                  fix: "Check okta.appId: it must name the Okta AWS app, which sends a SAML 2.0 response.")
        }
        return try read(root)
    }

    /// Reads a parsed `Response` (or bare `Assertion`).
    static func read(_ root: XMLElement) throws(FederationError) -> SAMLAttributes {
        guard root.localName == "Response" || root.localName == "Assertion" else {
            throw FederationError(stage: .samlResponse, message: "the SAML document's root is \(root.localName), not a SAML Response.",
                                  fix: "Check okta.appId: it must name the Okta AWS app.")
        }
        if let status = root.child(path: ["Status", "StatusCode"])?.attribute("Value"), !status.hasSuffix(":Success") {
            throw FederationError(stage: .samlResponse, message: "Okta's SAML response reports status \(ServerText.clip(status, limit: 120)).",
                                  fix: "Check that okta.username is assigned to the AWS app in Okta.")
        }
        if root.descendants("Assertion").isEmpty && root.localName != "Assertion" && !root.descendants("EncryptedAssertion").isEmpty {
            throw FederationError(stage: .samlResponse, message: "the SAML assertion is encrypted, which is not supported.",
                                  fix: "Turn off assertion encryption in the Okta AWS app (AWS does not need it).")
        }
        var values: [String: [String]] = [:]
        for attribute in root.descendants("Attribute") {
            guard let name = attribute.attribute("Name") else { continue }
            values[name, default: []] += attribute.elements.filter { $0.localName == "AttributeValue" }
                .map { $0.text.trimmingWhitespace() }
        }
        let pairs = values[roleAttribute] ?? []
        guard !pairs.isEmpty else {
            throw FederationError(stage: .samlResponse, message: "the SAML assertion has no \(roleAttribute) attribute.",
                                  fix: "Assign the user an AWS role in the Okta AWS app (the app sends the roles in that attribute).")
        }
        let roles = pairs.compactMap(SAMLRole.init(pair:))
        guard !roles.isEmpty else {
            throw FederationError(stage: .samlResponse,
                                  message: "none of the \(pairs.count) Role values is a role ARN and SAML provider ARN pair.",
                                  fix: "Check the Okta AWS app's role mapping: each value must be \"arn:aws:iam::ACCOUNT:role/NAME,arn:aws:iam::ACCOUNT:saml-provider/NAME\".")
        }
        let groups = (values[dbGroupsAttribute] ?? [])
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace() }
            .filter { !$0.isEmpty }
        return SAMLAttributes(
            roles: roles,
            roleSessionName: first(values[roleSessionNameAttribute]),
            dbUser: first(values[dbUserAttribute]),
            autoCreate: first(values[autoCreateAttribute]).flatMap { Bool($0.lowercased()) },
            dbGroups: values[dbGroupsAttribute] == nil ? nil : groups)
    }

    private static func first(_ values: [String]?) -> String? {
        values?.first { !$0.isEmpty }
    }
}
