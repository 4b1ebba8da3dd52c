import Testing
@testable import StewardFederation

struct RoleSelectorTests {
    static let okta = "arn:aws:iam::123456789012:saml-provider/okta"
    static let admin = SAMLRole(roleArn: "arn:aws:iam::123456789012:role/admin", principalArn: okta)
    static let reader = SAMLRole(roleArn: "arn:aws:iam::123456789012:role/team/reader", principalArn: okta)
    static let otherAdmin = SAMLRole(roleArn: "arn:aws:iam::210987654321:role/admin",
                                     principalArn: "arn:aws:iam::210987654321:saml-provider/okta")

    @Test func pairsReadInEitherOrder() {
        #expect(SAMLRole(pair: "\(Self.admin.roleArn),\(Self.okta)") == Self.admin)
        #expect(SAMLRole(pair: " \(Self.okta) , \(Self.admin.roleArn) ") == Self.admin)
        #expect(SAMLRole(pair: Self.admin.roleArn) == nil)
        #expect(SAMLRole(pair: "\(Self.admin.roleArn),\(Self.reader.roleArn)") == nil)
        #expect(SAMLRole(pair: "a,b") == nil)
        #expect(Self.reader.roleName == "team/reader")
    }

    @Test func selectsByFullARN() throws {
        #expect(try RoleSelector.select(Self.otherAdmin.roleArn, from: [Self.admin, Self.otherAdmin]) == Self.otherAdmin)
    }

    @Test func selectsByNameAfterRoleSlashWithOrWithoutPath() throws {
        #expect(try RoleSelector.select("admin", from: [Self.reader, Self.admin]) == Self.admin)
        #expect(try RoleSelector.select("team/reader", from: [Self.reader, Self.admin]) == Self.reader)
        #expect(try RoleSelector.select("reader", from: [Self.reader, Self.admin]) == Self.reader)
    }

    @Test func aSingleRoleNeedsNoConfiguration() throws {
        #expect(try RoleSelector.select(nil, from: [Self.admin, Self.admin]) == Self.admin)
        #expect(try RoleSelector.select(" ", from: [Self.reader]) == Self.reader)
    }

    @Test func noMatchListsTheAvailableRoles() {
        #expect { try RoleSelector.select("writer", from: [Self.admin, Self.reader]) } throws: { error in
            guard let error = error as? FederationError else { return false }
            return error.stage == .roleSelection && !error.isTransient
                && error.message.contains("admin (arn:aws:iam::123456789012:role/admin)")
                && error.message.contains("team/reader")
                && error.fix.contains("okta.role")
        }
        #expect { try RoleSelector.select("arn:aws:iam::123456789012:role/adm", from: [Self.admin]) } throws: { error in
            (error as? FederationError)?.stage == .roleSelection
        }
    }

    @Test func severalRolesWithoutConfigurationOrAnAmbiguousNameAreErrors() {
        #expect { try RoleSelector.select(nil, from: [Self.admin, Self.reader]) } throws: { error in
            (error as? FederationError)?.fix.contains("Set okta.role") == true
        }
        #expect { try RoleSelector.select("admin", from: [Self.admin, Self.otherAdmin]) } throws: { error in
            (error as? FederationError)?.message.contains("matches several roles") == true
                && (error as? FederationError)?.fix.contains("full role ARN") == true
        }
    }
}
