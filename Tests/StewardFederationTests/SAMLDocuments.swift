import Foundation

/// SAML responses shaped like Okta's AWS app sends them, for parsing tests.
enum SAMLDocuments {
    static func response(roles: [String], sessionName: String? = "alice@example.com", dbUser: String? = nil,
                         autoCreate: String? = nil, dbGroups: [String]? = nil, status: String = "Success",
                         prefix: String = "saml2") -> String {
        func attribute(_ name: String, _ values: [String]) -> String {
            let rendered = values.map {
                "<\(prefix):AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                    + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">\($0)</\(prefix):AttributeValue>"
            }.joined()
            return "<\(prefix):Attribute Name=\"\(name)\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">\(rendered)</\(prefix):Attribute>"
        }
        var attributes = [attribute("https://aws.amazon.com/SAML/Attributes/Role", roles)]
        if let sessionName { attributes.append(attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", [sessionName])) }
        if let dbUser { attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/DbUser", [dbUser])) }
        if let autoCreate { attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/AutoCreate", [autoCreate])) }
        if let dbGroups { attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/DbGroups", dbGroups)) }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <\(prefix)p:Response xmlns:\(prefix)p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="https://signin.aws.amazon.com/saml" ID="id1" IssueInstant="2026-11-27T12:00:00.000Z" Version="2.0">
              <\(prefix):Issuer xmlns:\(prefix)="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exk1</\(prefix):Issuer>
              <\(prefix)p:Status><\(prefix)p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:\(status)"/></\(prefix)p:Status>
              <\(prefix):Assertion xmlns:\(prefix)="urn:oasis:names:tc:SAML:2.0:assertion" ID="id2" IssueInstant="2026-11-27T12:00:00.000Z" Version="2.0">
                <\(prefix):Subject><\(prefix):NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">alice@example.com</\(prefix):NameID></\(prefix):Subject>
                <\(prefix):AttributeStatement>\(attributes.joined())</\(prefix):AttributeStatement>
              </\(prefix):Assertion>
            </\(prefix)p:Response>
            """
    }

    /// The document as Okta's form carries it: base64, with `+` and `=` written as references.
    static func formValue(_ document: String) -> String {
        Data(document.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "&#x2b;")
            .replacingOccurrences(of: "=", with: "&#x3d;")
    }
}
