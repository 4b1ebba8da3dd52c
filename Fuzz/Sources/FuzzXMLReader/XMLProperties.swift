import StewardXML

/// What the XML reader promises for any input:
/// - the same answer for the same bytes;
/// - a tree within its limits (depth, element count, attributes per element), checked with
///   small limits so that they are reached;
/// - a document type declaration is refused wherever it would open the document (no entity,
///   internal or external, is ever expanded);
/// - an error names a position inside the document and a reason in printable ASCII (names are
///   escaped: an identity provider's answer cannot put invisible or bidirectional characters
///   into a log line).
enum XMLProperties {
    static let small = XMLReader.Limits(maxBytes: 4096, maxDepth: 6, maxElements: 40, maxAttributesPerElement: 3)

    static func check(_ bytes: [UInt8]) {
        let first = Result { () throws(XMLSyntaxError) in try XMLReader().parse(bytes) }
        let second = Result { () throws(XMLSyntaxError) in try XMLReader().parse(bytes) }
        if first != second { failed("parsing the same bytes twice gave different answers", bytes) }
        if case .failure(let error) = first { checkError(error, bytes) }

        switch Result(catching: { () throws(XMLSyntaxError) in try XMLReader(limits: small).parse(bytes) }) {
        case .success(let root):
            if bytes.count > small.maxBytes { failed("a document over maxBytes was accepted", bytes) }
            var elements = 0
            walk(root, depth: 1, elements: &elements, bytes)
        case .failure(let error):
            checkError(error, bytes)
        }

        let declared = Array("<!DOCTYPE r [<!ENTITY e \"x\">]>".utf8) + bytes
        if case .success = Result(catching: { () throws(XMLSyntaxError) in try XMLReader().parse(declared) }) {
            failed("a document with a DOCTYPE declaration was accepted", declared)
        }
    }

    static func walk(_ element: XMLElement, depth: Int, elements: inout Int, _ bytes: [UInt8]) {
        elements += 1
        if depth > small.maxDepth { failed("an element nests deeper than maxDepth", bytes) }
        if elements > small.maxElements { failed("more elements than maxElements", bytes) }
        if element.attributes.count > small.maxAttributesPerElement { failed("more attributes than maxAttributesPerElement", bytes) }
        if element.name.isEmpty { failed("an element without a name", bytes) }
        for child in element.elements { walk(child, depth: depth + 1, elements: &elements, bytes) }
    }

    static func checkError(_ error: XMLSyntaxError, _ bytes: [UInt8]) {
        let lines = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        if error.line < 1 || error.line > lines || error.column < 1 || error.column > bytes.count + 1 {
            failed("an error at line \(error.line), column \(error.column) outside a document of \(lines) lines and \(bytes.count) bytes", bytes)
        }
        if !error.reason.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            failed("an error reason with characters beyond printable ASCII: \(error.reason)", bytes)
        }
    }

    static func failed(_ what: String, _ bytes: [UInt8]) -> Never {
        let shown = bytes.prefix(200).map { byte in
            (0x20..<0x7F).contains(byte) && byte != 0x5C ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
        }.joined()
        fatalError("property violated: \(what); input (first 200 bytes): \"\(shown)\"")
    }
}
