import Testing
@testable import StewardXML

struct XMLReaderTests {
    let reader = XMLReader()

    @Test func readsAnSTSErrorDocument() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>Sender</Type>
                <Code>InvalidIdentityToken</Code>
                <Message>Specified provider doesn&apos;t exist (Service: AWSOpenIdDiscoveryService)</Message>
              </Error>
              <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
            </ErrorResponse>
            """
        let root = try reader.parse(document)
        #expect(root.localName == "ErrorResponse")
        #expect(root.attribute("xmlns") == "https://sts.amazonaws.com/doc/2011-06-15/")
        #expect(root.child(path: ["Error", "Code"])?.text == "InvalidIdentityToken")
        #expect(root.child(path: ["Error", "Message"])?.text == "Specified provider doesn't exist (Service: AWSOpenIdDiscoveryService)")
    }

    @Test func entitiesCharacterReferencesAndCDATA() throws {
        let root = try reader.parse("<a t='&lt;&#65;&#x42;&quot;'>x &amp; y<![CDATA[<not & markup>]]>&#x1F600;<!-- note --><?pi data?>z</a>")
        #expect(root.attribute("t") == "<AB\"")
        #expect(root.text == "x & y<not & markup>😀z")
    }

    @Test func prefixesAreMatchedByLocalName() throws {
        let root = try reader.parse("""
            <saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol"><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">
            <saml2:AttributeStatement><saml2:Attribute Name="n1"/><Attribute Name="n2"/></saml2:AttributeStatement></saml2:Assertion></saml2p:Response>
            """)
        #expect(root.localName == "Response")
        #expect(root.name == "saml2p:Response")
        #expect(root.descendants("Attribute").compactMap { $0.attribute("Name") } == ["n1", "n2"])
    }

    @Test func lineEndsAndAttributeWhitespaceAreNormalised() throws {
        let root = try reader.parse("<a v=\"1\t2\r\n3\">l1\r\nl2\rl3</a>")
        #expect(root.attribute("v") == "1 2 3")
        #expect(root.text == "l1\nl2\nl3")
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        #expect(try reader.parse([0xEF, 0xBB, 0xBF] + Array("<a/>".utf8)).name == "a")
    }

    static let malformed: [(String, String)] = [
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DOCTYPE"),
        ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>", "DOCTYPE"),
        ("<a><!DOCTYPE b></a>", "DOCTYPE"),
        ("<a><!ENTITY x \"y\"></a>", "markup declarations"),
        ("<a>&x;</a>", "undefined entity"),
        ("<a>&#0;</a>", "character reference"),
        ("<a>&#xD800;</a>", "character reference"),
        ("<a>fish & chips</a>", "'&'"),
        ("<a><b></a></b>", "does not match"),
        ("<a>", "not closed"),
        ("<a></a><b/>", "after the root"),
        ("text<a/>", "before the root"),
        ("", "no root"),
        ("<a b=c/>", "quoted"),
        ("<a b='1' b='2'/>", "duplicate"),
        ("<a b='1'c='2'/>", "whitespace"),
        ("<a b='<'/>", "'<'"),
        ("<a>]]></a>", "']]>'"),
        ("<a><!-- a -- b --></a>", "'--'"),
        ("<a><![CDATA[x</a>", "CDATA"),
        ("<a>\u{01}</a>", "control character"),
        ("<1a/>", "name"),
    ]

    @Test(arguments: malformed)
    func malformedDocumentsAreRefused(_ document: String, _ reason: String) {
        #expect {
            try reader.parse(document)
        } throws: { error in
            (error as? XMLSyntaxError)?.reason.contains(reason) == true
        }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: XMLSyntaxError.self) { try reader.parse(Array("<a>".utf8) + [0xFF] + Array("</a>".utf8)) }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65)
        #expect { try reader.parse(deep) } throws: { error in
            (error as? XMLSyntaxError)?.reason.contains("deeper than 64") == true
        }
        let allowed = String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)
        #expect(try reader.parse(allowed).name == "a")
        // A hundred thousand levels fail fast instead of exhausting the stack.
        let hostile = String(repeating: "<a>", count: 100_000)
        #expect(throws: XMLSyntaxError.self) { try reader.parse(hostile) }
    }

    @Test func sizeElementAndAttributeCountsAreBounded() {
        let small = XMLReader(limits: XMLReader.Limits(maxBytes: 10, maxElements: 3, maxAttributesPerElement: 2))
        #expect(throws: XMLSyntaxError.self) { try small.parse("<a>0123456789</a>") }
        #expect(throws: XMLSyntaxError.self) { try small.parse("<a><b/><c/><d/></a>") }
        #expect(throws: XMLSyntaxError.self) { try small.parse("<a x='' y='' z=''/>") }
    }

    @Test func errorsGivePositionsButNoContent() {
        #expect {
            try reader.parse("<a>\n  <b>secret-value &bogus;</b></a>")
        } throws: { error in
            guard let error = error as? XMLSyntaxError else { return false }
            return error.line == 2 && error.column == 19 && !error.description.contains("secret-value")
        }
    }

    /// Names in a reason are plain ASCII: invisible and bidirectional characters are escaped.
    @Test func namesInReasonsAreEscaped() {
        #expect {
            try XMLReader().parse("<a\u{202E}b></a\u{200B}>")
        } throws: { error in
            guard let error = error as? XMLSyntaxError else { return false }
            return error.reason == "end tag a\\u{200b} does not match start tag a\\u{202e}b"
        }
        #expect {
            try XMLReader().parse("<" + String(repeating: "n", count: 70) + ">")
        } throws: { error in
            (error as? XMLSyntaxError)?.reason.hasSuffix(String(repeating: "n", count: 64) + "... is not closed") == true
        }
    }
}
