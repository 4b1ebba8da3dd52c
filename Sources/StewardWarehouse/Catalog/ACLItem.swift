/// One entry of a PostgreSQL/Redshift access-control list, parsed from its text form
/// `grantee=privileges/grantor` (an empty grantee is PUBLIC; Redshift prefixes groups with
/// `group `). Privilege letters follow the catalog: `C` create, `T` temporary, `c` connect,
/// `U` usage, `r` select, …; a `*` after a letter (grant option) is dropped.
package struct ACLItem: Sendable, Hashable {
    /// Empty for PUBLIC.
    package var grantee: String
    package var privileges: Set<Character>
    package var grantor: String

    package init(grantee: String, privileges: Set<Character>, grantor: String) {
        self.grantee = grantee
        self.privileges = privileges
        self.grantor = grantor
    }

    package var isPublic: Bool { grantee.isEmpty }

    /// Parses an `aclitem[]` in libpq's text form, e.g. `{=Tc/admin,admin=CTc/admin,"a b"=C/admin}`.
    /// Returns nil for SQL NULL (the engine's default privileges apply).
    package static func parseArray(_ text: String?) -> [ACLItem]? {
        guard let text else { return nil }
        var body = Substring(text)
        if body.hasPrefix("{") { body = body.dropFirst() }
        if body.hasSuffix("}") { body = body.dropLast() }
        return splitElements(body).compactMap(parse)
    }

    /// Parses one element (already unquoted from the array): the grantee up to the first `=`
    /// outside double quotes, the privilege letters up to the next `/`, the grantor after it.
    ///
    /// Works on Unicode scalars: a name may hold `=`, `/`, `,` and quotes, and a quote followed
    /// by a combining mark is one `Character` that is not `"`, which would throw the quote
    /// tracking off (a grantor named that way made every privilege look missing).
    package static func parse(_ element: String) -> ACLItem? {
        let scalars = Array(element.unicodeScalars)
        guard let equals = firstUnquoted("=", in: scalars, from: 0),
              let slash = scalars[equals...].firstIndex(of: "/") else { return nil }
        var grantee = unquoteName(scalars[..<equals])
        if grantee.hasPrefix("group ") { grantee = String(grantee.dropFirst("group ".count)) }
        let letters = Set(scalars[(equals + 1)..<slash].filter { $0 != "*" }.map(Character.init))
        return ACLItem(grantee: grantee, privileges: letters, grantor: unquoteName(scalars[(slash + 1)...]))
    }

    /// Splits array elements on commas outside double quotes and unquotes array-level quoting
    /// (`"…"` with `\` escapes).
    static func splitElements(_ body: Substring) -> [String] {
        var elements: [String] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        var escaped = false
        for scalar in body.unicodeScalars {
            if escaped {
                current.append(scalar)
                escaped = false
                continue
            }
            switch scalar {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "," where !inQuotes:
                elements.append(String(current))
                current = String.UnicodeScalarView()
            default: current.append(scalar)
            }
        }
        if !current.isEmpty { elements.append(String(current)) }
        return elements
    }

    /// Names inside an aclitem are double-quoted when needed, with `""` for a quote.
    static func unquoteName(_ name: ArraySlice<Unicode.Scalar>) -> String {
        guard name.count >= 2, name.first == "\"", name.last == "\"" else { return String(String.UnicodeScalarView(name)) }
        var out = String.UnicodeScalarView()
        var index = name.startIndex + 1
        while index < name.endIndex - 1 {
            out.append(name[index])
            index += name[index] == "\"" && name[index + 1] == "\"" ? 2 : 1
        }
        return String(out)
    }

    /// The index of the first `target` outside double quotes, from `start`.
    static func firstUnquoted(_ target: Unicode.Scalar, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var inQuotes = false
        for index in start..<scalars.count {
            if scalars[index] == "\"" {
                inQuotes.toggle()
            } else if scalars[index] == target && !inQuotes {
                return index
            }
        }
        return nil
    }
}

extension Array where Element == ACLItem {
    /// Privileges held by PUBLIC.
    package var publicPrivileges: Set<Character> {
        filter(\.isPublic).reduce(into: Set()) { $0.formUnion($1.privileges) }
    }

    /// Privileges held by `grantee` directly.
    package func privileges(of grantee: String) -> Set<Character> {
        filter { $0.grantee == grantee }.reduce(into: Set()) { $0.formUnion($1.privileges) }
    }
}
