import StewardXML

/// Finds a hidden form field in the HTML page Okta returns for an app, such as
/// `<input name="SAMLResponse" type="hidden" value="PD94bWwg&#x2b;...&#x3d;"/>`.
///
/// HTML is not XML, so this is a tolerant tag scanner: attributes in any order and case,
/// double, single or no quotes, and character references decoded in the value.
enum HTMLForm {
    /// The decoded `value` of the first `<input>` whose `name` is `name`.
    static func inputValue(named name: String, in html: String) -> String? {
        let scalars = Array(html.unicodeScalars)
        var index = 0
        while let start = nextInputTag(in: scalars, from: index) {
            let (attributes, end) = readAttributes(scalars, from: start)
            index = end
            if attributes["name"] == name {
                return attributes["value"].map(decodeReferences)
            }
        }
        return nil
    }

    /// The index just after the next `<input` (any case, followed by a space, `/` or `>`).
    private static func nextInputTag(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let tag = Array("<input".unicodeScalars)
        var index = start
        while index + tag.count < scalars.count {
            if zip(tag, scalars[index..<index + tag.count]).allSatisfy({ lower($1) == $0 }) {
                let next = scalars[index + tag.count]
                if next.properties.isWhitespace || next == "/" || next == ">" { return index + tag.count }
            }
            index += 1
        }
        return nil
    }

    /// Attributes (names lower-cased, values raw) up to the tag's `>`, and the index after it.
    private static func readAttributes(_ scalars: [Unicode.Scalar], from start: Int) -> ([String: String], Int) {
        var attributes: [String: String] = [:]
        var index = start
        func skipSpace() { while index < scalars.count, scalars[index].properties.isWhitespace || scalars[index] == "/" { index += 1 } }
        while true {
            skipSpace()
            guard index < scalars.count, scalars[index] != ">" else { return (attributes, index + 1) }
            var name = ""
            while index < scalars.count, !scalars[index].properties.isWhitespace, !"=>/".unicodeScalars.contains(scalars[index]) {
                name.unicodeScalars.append(lower(scalars[index]))
                index += 1
            }
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            var value = ""
            if index < scalars.count, scalars[index] == "=" {
                index += 1
                while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
                if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    while index < scalars.count, scalars[index] != quote {
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    index += 1
                } else {
                    while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != ">" {
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                }
            }
            if !name.isEmpty && attributes[name] == nil { attributes[name] = value }
            if name.isEmpty { index += 1 }
        }
    }

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#39;`, `&#x2b;` and the like; any
    /// other `&` stays as it is (HTML is forgiving).
    static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            if let semicolon = rest[afterAmpersand...].prefix(12).firstIndex(of: ";") {
                let body = rest[afterAmpersand..<semicolon]
                if let character = CharacterReference.predefined(body) {
                    result.append(character)
                    rest = rest[rest.index(after: semicolon)...]
                    continue
                }
                if let scalar = CharacterReference.numeric(body) {
                    result.unicodeScalars.append(scalar)
                    rest = rest[rest.index(after: semicolon)...]
                    continue
                }
            }
            result += "&"
            rest = rest[afterAmpersand...]
        }
        return result + rest
    }

    private static func lower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }
}
