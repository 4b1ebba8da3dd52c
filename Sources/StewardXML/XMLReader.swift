/// A small, strict XML 1.0 reader for AWS Query API answers and SAML assertions.
///
/// It understands elements, attributes, character data, the five predefined entities, numeric
/// character references, CDATA sections, comments and processing instructions (the last two are
/// skipped). Document type declarations are refused outright, which also rules out external
/// entities and entity-expansion attacks. Input must be UTF-8; size, nesting depth, element and
/// attribute counts are bounded. Anything malformed is an error, never a guess.
package struct XMLReader: Sendable {
    /// Bounds that keep a hostile document from costing much.
    package struct Limits: Sendable, Equatable {
        package var maxBytes: Int
        package var maxDepth: Int
        package var maxElements: Int
        package var maxAttributesPerElement: Int

        package init(maxBytes: Int = 4 << 20, maxDepth: Int = 64, maxElements: Int = 100_000,
                    maxAttributesPerElement: Int = 64) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.maxElements = maxElements
            self.maxAttributesPerElement = maxAttributesPerElement
        }
    }

    package var limits: Limits

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The root element of `text`.
    package func parse(_ text: String) throws(XMLSyntaxError) -> XMLElement {
        try parse(Array(text.utf8))
    }

    /// The root element of the UTF-8 document `bytes`.
    package func parse(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLElement {
        guard bytes.count <= limits.maxBytes else {
            throw XMLSyntaxError("the document is larger than \(limits.maxBytes) bytes", line: 1, column: 1)
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw XMLSyntaxError("the document is not valid UTF-8", line: 1, column: 1)
        }
        var cursor = XMLCursor(bytes: bytes, limits: limits)
        return try cursor.document()
    }
}

/// The parser's position in one document.
private struct XMLCursor {
    let bytes: [UInt8]
    let limits: XMLReader.Limits
    var index = 0
    var elementCount = 0

    init(bytes: [UInt8], limits: XMLReader.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func document() throws(XMLSyntaxError) -> XMLElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipMisc()
        guard index < bytes.count else { throw failure("the document has no root element") }
        guard bytes[index] == UInt8(ascii: "<") else { throw failure("text before the root element") }
        let root = try element(depth: 1)
        try skipMisc()
        guard index == bytes.count else { throw failure("content after the root element") }
        return root
    }

    // MARK: - Markup outside the root element

    /// Whitespace, comments and processing instructions; a DOCTYPE is an error.
    private mutating func skipMisc() throws(XMLSyntaxError) {
        while index < bytes.count {
            if isWhitespace(bytes[index]) {
                index += 1
            } else if try !skipCommentOrInstruction() {
                return
            }
        }
    }

    /// Skips a comment or processing instruction at the cursor and refuses a declaration;
    /// false when the cursor is at none of them.
    private mutating func skipCommentOrInstruction() throws(XMLSyntaxError) -> Bool {
        if lookingAt("<?") {
            try skipProcessingInstruction()
        } else if lookingAt("<!--") {
            try skipComment()
        } else if lookingAt("<!") {
            throw markupDeclaration()
        } else {
            return false
        }
        return true
    }

    private mutating func skipProcessingInstruction() throws(XMLSyntaxError) {
        index += 2
        guard index < bytes.count, isNameStart(bytes[index]) else { throw failure("a processing instruction has no target") }
        try skip(until: "?>", what: "processing instruction")
    }

    private mutating func skipComment() throws(XMLSyntaxError) {
        index += 4
        while index < bytes.count {
            if lookingAt("-->") {
                index += 3
                return
            }
            if lookingAt("--") { throw failure("'--' inside a comment") }
            try checkCharacter(bytes[index])
            index += 1
        }
        throw failure("unterminated comment")
    }

    // MARK: - Elements

    private mutating func element(depth: Int) throws(XMLSyntaxError) -> XMLElement {
        guard depth <= limits.maxDepth else { throw failure("elements nest deeper than \(limits.maxDepth) levels") }
        elementCount += 1
        guard elementCount <= limits.maxElements else { throw failure("more than \(limits.maxElements) elements") }
        index += 1
        let name = try readName()
        var element = XMLElement(name: name)
        while true {
            let hadSpace = skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated start tag") }
            if lookingAt("/>") {
                index += 2
                return element
            }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            guard hadSpace else { throw failure("attributes must be separated by whitespace") }
            let attribute = try readAttribute()
            guard !element.attributes.contains(where: { $0.name == attribute.name }) else {
                throw failure("duplicate attribute")
            }
            guard element.attributes.count < limits.maxAttributesPerElement else {
                throw failure("more than \(limits.maxAttributesPerElement) attributes on one element")
            }
            element.attributes.append(attribute)
        }
        element.children = try content(of: name, depth: depth)
        return element
    }

    private mutating func readAttribute() throws(XMLSyntaxError) -> XMLElement.Attribute {
        let name = try readName()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw failure("an attribute has no '='") }
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw failure("an attribute value must be quoted")
        }
        let quote = bytes[index]
        index += 1
        var value: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("unterminated attribute value") }
            let byte = bytes[index]
            if byte == quote {
                index += 1
                break
            }
            switch byte {
            case UInt8(ascii: "<"):
                throw failure("'<' inside an attribute value")
            case UInt8(ascii: "&"):
                value += try readReference()
            case 0x0D:
                // Line-end normalisation then attribute-value normalisation: one space.
                index += lookingAt("\r\n") ? 2 : 1
                value.append(0x20)
            case 0x09, 0x0A:
                index += 1
                value.append(0x20)
            default:
                try checkCharacter(byte)
                value.append(byte)
                index += 1
            }
        }
        return XMLElement.Attribute(name: name, value: String(decoding: value, as: UTF8.self))
    }

    /// The children up to and including the end tag `</name>`.
    private mutating func content(of name: String, depth: Int) throws(XMLSyntaxError) -> [XMLElement.Node] {
        var children: [XMLElement.Node] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty {
                children.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll()
            }
        }
        while true {
            guard index < bytes.count else { throw failure("the element \(shown(name)) is not closed") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if lookingAt("</") {
                    index += 2
                    let closing = try readName()
                    skipWhitespace()
                    guard closing == name else { throw failure("end tag \(shown(closing)) does not match start tag \(shown(name))") }
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("unterminated end tag") }
                    index += 1
                    flush()
                    return children
                } else if lookingAt("<![CDATA[") {
                    index += 9
                    text += try readCDATA()
                } else if try !skipCommentOrInstruction() {
                    flush()
                    children.append(.element(try element(depth: depth + 1)))
                }
            } else if byte == UInt8(ascii: "&") {
                text += try readReference()
            } else if byte == 0x0D {
                index += lookingAt("\r\n") ? 2 : 1
                text.append(0x0A)
            } else {
                if lookingAt("]]>") { throw failure("']]>' outside a CDATA section") }
                try checkCharacter(byte)
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func readCDATA() throws(XMLSyntaxError) -> [UInt8] {
        var text: [UInt8] = []
        while index < bytes.count {
            if lookingAt("]]>") {
                index += 3
                return text
            }
            if bytes[index] == 0x0D {
                index += lookingAt("\r\n") ? 2 : 1
                text.append(0x0A)
                continue
            }
            try checkCharacter(bytes[index])
            text.append(bytes[index])
            index += 1
        }
        throw failure("unterminated CDATA section")
    }

    /// `&name;` or `&#...;` at `index`, as UTF-8 bytes.
    private mutating func readReference() throws(XMLSyntaxError) -> [UInt8] {
        let start = index + 1
        var end = start
        while end < bytes.count, end - start <= 10, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > start else {
            throw failure("'&' that does not start a reference (write &amp;)")
        }
        let body = Substring(String(decoding: bytes[start..<end], as: UTF8.self))
        let resolved: String
        if let character = CharacterReference.predefined(body) {
            resolved = String(character)
        } else if let scalar = CharacterReference.numeric(body) {
            resolved = String(Character(scalar))
        } else if body.hasPrefix("#") {
            throw failure("a character reference to a character XML does not allow")
        } else {
            throw failure("an undefined entity (only lt, gt, amp, quot and apos exist without a DTD)")
        }
        index = end + 1
        return Array(resolved.utf8)
    }

    // MARK: - Lexical pieces

    private mutating func readName() throws(XMLSyntaxError) -> String {
        let start = index
        guard index < bytes.count, isNameStart(bytes[index]) else { throw failure("a name was expected") }
        index += 1
        while index < bytes.count, isNameCharacter(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        return index > start
    }

    private mutating func skip(until terminator: String, what: String) throws(XMLSyntaxError) {
        while index < bytes.count {
            if lookingAt(terminator) {
                index += terminator.utf8.count
                return
            }
            try checkCharacter(bytes[index])
            index += 1
        }
        throw failure("unterminated \(what)")
    }

    private func lookingAt(_ literal: String) -> Bool {
        var position = index
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    /// Control characters other than tab, line feed and carriage return are not XML.
    private func checkCharacter(_ byte: UInt8) throws(XMLSyntaxError) {
        if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            throw failure("a control character XML does not allow")
        }
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// A name as an error message shows it: printable ASCII as it is, anything else (names may
    /// hold any non-ASCII character, invisible and bidirectional ones too) as `\u{HEX}`, at
    /// most 64 characters; so a reason is always plain ASCII.
    private func shown(_ name: String) -> String {
        var out = ""
        for (count, scalar) in name.unicodeScalars.enumerated() {
            if count == 64 { return out + "..." }
            out += scalar.isASCII && scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\\"
                ? String(scalar) : "\\u{\(String(scalar.value, radix: 16))}"
        }
        return out
    }

    /// The error for `<!` that opens neither a comment nor CDATA: a DOCTYPE or another declaration.
    private func markupDeclaration() -> XMLSyntaxError {
        failure(lookingAt("<!DOCTYPE") ? "DOCTYPE declarations are not allowed" : "markup declarations are not allowed")
    }

    /// An error at the current position (line and column counted in bytes).
    private func failure(_ reason: String) -> XMLSyntaxError {
        var line = 1
        var lineStart = 0
        for position in 0..<min(index, bytes.count) where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        return XMLSyntaxError(reason, line: line, column: index - lineStart + 1)
    }
}
