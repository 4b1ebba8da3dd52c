/// An element of a parsed XML document: its name as written (with any prefix), attributes in
/// document order, and children. Lookups go by local name, since namespace prefixes vary
/// between identity providers (`saml:`, `saml2:`, none).
package struct XMLElement: Sendable, Equatable {
    /// A child: an element or a run of text (character data, references and CDATA resolved).
    package enum Node: Sendable, Equatable {
        case element(XMLElement)
        case text(String)
    }

    package struct Attribute: Sendable, Equatable {
        package var name: String
        package var value: String
    }

    package var name: String
    package var attributes: [Attribute]
    package var children: [Node]

    package init(name: String, attributes: [Attribute] = [], children: [Node] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// The name without its namespace prefix.
    package var localName: String { Self.localName(of: name) }

    /// The value of the attribute whose local name is `localName`.
    package func attribute(_ localName: String) -> String? {
        attributes.first { Self.localName(of: $0.name) == localName }?.value
    }

    /// The text directly inside this element (not inside child elements).
    package var text: String {
        children.reduce(into: "") { text, node in
            if case .text(let part) = node { text += part }
        }
    }

    /// The child elements.
    package var elements: [XMLElement] {
        children.compactMap { node in
            if case .element(let element) = node { return element }
            return nil
        }
    }

    /// The first child element with this local name.
    package func child(_ localName: String) -> XMLElement? {
        elements.first { $0.localName == localName }
    }

    /// The element reached by following child local names, e.g. `["Error", "Code"]`.
    package func child(path: [String]) -> XMLElement? {
        path.reduce(Optional(self)) { element, name in element?.child(name) }
    }

    /// Every element below this one (depth first, document order) with this local name.
    package func descendants(_ localName: String) -> [XMLElement] {
        var found: [XMLElement] = []
        var stack = Array(elements.reversed())
        while let element = stack.popLast() {
            if element.localName == localName { found.append(element) }
            stack.append(contentsOf: element.elements.reversed())
        }
        return found
    }

    package static func localName(of name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
