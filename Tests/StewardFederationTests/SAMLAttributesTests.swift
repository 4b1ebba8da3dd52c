import Foundation
import Testing
@testable import StewardFederation

struct SAMLAttributesTests {
    static let admin = "arn:aws:iam::123456789012:role/admin"
    static let reader = "arn:aws:iam::123456789012:role/team/reader"
    static let okta = "arn:aws:iam::123456789012:saml-provider/okta"

    static func read(_ document: String) throws(FederationError) -> SAMLAttributes {
        try SAMLAttributes.decode(samlResponse: Data(document.utf8).base64EncodedString())
    }

    @Test func readsRolesInEitherOrderAndRedshiftAttributes() throws {
        let attributes = try Self.read(SAMLDocuments.response(
            roles: ["\(Self.admin),\(Self.okta)", "\(Self.okta), \(Self.reader)"],
            dbUser: "alice", autoCreate: "TRUE", dbGroups: ["analysts,auditors", "admins"]))
        #expect(attributes.roles == [SAMLRole(roleArn: Self.admin, principalArn: Self.okta),
                                     SAMLRole(roleArn: Self.reader, principalArn: Self.okta)])
        #expect(attributes.roleSessionName == "alice@example.com")
        #expect(attributes.dbUser == "alice")
        #expect(attributes.autoCreate == true)
        #expect(attributes.dbGroups == ["analysts", "auditors", "admins"])
    }

    @Test func optionalAttributesMayBeAbsentAndPrefixesVary() throws {
        let attributes = try Self.read(SAMLDocuments.response(roles: ["\(Self.admin),\(Self.okta)"], sessionName: nil, prefix: "saml"))
        #expect(attributes.roles.count == 1)
        #expect(attributes.roleSessionName == nil)
        #expect(attributes.dbUser == nil)
        #expect(attributes.autoCreate == nil)
        #expect(attributes.dbGroups == nil)
    }

    @Test func theFormValueOfOktasPageIsFoundAndDecoded() throws {
        let document = SAMLDocuments.response(roles: ["\(Self.admin),\(Self.okta)"], dbUser: "bob")
        let html = """
            <html><body onload="document.forms[0].submit()"><form id="appForm" action="https://signin.aws.amazon.com/saml" method="POST">
            <INPUT name='RelayState' type="hidden" value=""/>
            <input type="hidden" name="SAMLResponse" value="\(SAMLDocuments.formValue(document))"/>
            </form></body></html>
            """
        let value = try #require(HTMLForm.inputValue(named: "SAMLResponse", in: html))
        #expect(value == Data(document.utf8).base64EncodedString())
        #expect(try SAMLAttributes.decode(samlResponse: value).dbUser == "bob")
        #expect(HTMLForm.inputValue(named: "RelayState", in: html) == "")
        #expect(HTMLForm.inputValue(named: "SAMLResponse", in: "<html><form><input name=username></form></html>") == nil)
        #expect(HTMLForm.decodeReferences("a&amp;b&#39;c&lt;&unknown;&") == "a&b'c<&unknown;&")
    }

    @Test func aFailedStatusIsReported() {
        #expect { try Self.read(SAMLDocuments.response(roles: ["\(Self.admin),\(Self.okta)"], status: "Responder")) } throws: { error in
            (error as? FederationError)?.stage == .samlResponse && (error as? FederationError)?.message.contains("Responder") == true
        }
    }

    @Test func missingOrMalformedRolesAreReported() {
        #expect { try Self.read(SAMLDocuments.response(roles: [])) } throws: { error in
            (error as? FederationError)?.message.contains("no https://aws.amazon.com/SAML/Attributes/Role") == true
        }
        #expect { try Self.read(SAMLDocuments.response(roles: ["\(Self.admin)", "\(Self.admin),\(Self.admin)"])) } throws: { error in
            (error as? FederationError)?.message.contains("none of the 2 Role values") == true
        }
    }

    @Test func neitherBase64NorXMLIsAccepted() {
        #expect { try SAMLAttributes.decode(samlResponse: "***") } throws: { error in
            (error as? FederationError)?.stage == .samlResponse
        }
        #expect { try SAMLAttributes.decode(samlResponse: Data("<!DOCTYPE x><x/>".utf8).base64EncodedString()) } throws: { error in
            (error as? FederationError)?.message.contains("DOCTYPE") == true
        }
        #expect { try Self.read("<html><body>sign in</body></html>") } throws: { error in
            (error as? FederationError)?.message.contains("not a SAML Response") == true
        }
    }

    @Test func encryptedAssertionsAreNamed() {
        let document = """
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/></samlp:Response>
            """
        #expect { try Self.read(document) } throws: { error in
            (error as? FederationError)?.message.contains("encrypted") == true
        }
    }
}
