/// One entry of a PostgreSQL/Redshift access-control list, parsed from its text form
/// `grantee=privileges/grantor` (an empty grantee is PUBLIC; Redshift prefixes groups with
/// `group `). Privilege letters follow the catalog: `C` create, `T` temporary, `c` connect,
/// `U` usage, `r` select, …; a `*` after a letter (grant option) is dropped.
public struct ACLItem: Sendable, Hashable {
    /// Empty for PUBLIC.
    public var grantee: String
    public var privileges: Set<Character>
    public var grantor: String

    public init(grantee: String, privileges: Set<Character>, grantor: String) {
        self.grantee = grantee
        self.privileges = privileges
        self.grantor = grantor
    }

    public var isPublic: Bool { grantee.isEmpty }

    /// Parses an `aclitem[]` in libpq's text form, e.g. `{=Tc/admin,admin=CTc/admin,"a b"=C/admin}`.
    /// Returns nil for SQL NULL (the engine's default privileges apply).
    public static func parseArray(_ text: String?) -> [ACLItem]? {
        guard let text else { return nil }
        var body = Substring(text)
        if body.hasPrefix("{") { body = body.dropFirst() }
        if body.hasSuffix("}") { body = body.dropLast() }
        return splitElements(body).compactMap(parse)
    }

    /// Parses one element (already unquoted from the array).
    public static func parse(_ element: String) -> ACLItem? {
        guard let slash = element.lastIndex(of: "/") else { return nil }
        let grantor = unquoteName(String(element[element.index(after: slash)...]))
        let left = element[..<slash]
        guard let equals = lastUnquotedEquals(in: left) else { return nil }
        var grantee = unquoteName(String(left[..<equals]))
        if grantee.hasPrefix("group ") { grantee = String(grantee.dropFirst("group ".count)) }
        let letters = Set(left[left.index(after: equals)...].filter { $0 != "*" })
        return ACLItem(grantee: grantee, privileges: letters, grantor: grantor)
    }

    /// Splits array elements on commas outside double quotes and unquotes array-level quoting.
    static func splitElements(_ body: Substring) -> [String] {
        var elements: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for ch in body {
            if escaped { current.append(ch); escaped = false; continue }
            switch ch {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "," where !inQuotes:
                elements.append(current)
                current = ""
            default: current.append(ch)
            }
        }
        if !current.isEmpty { elements.append(current) }
        return elements
    }

    /// Names inside an aclitem are double-quoted when needed, with `""` for a quote.
    static func unquoteName(_ name: String) -> String {
        guard name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 else { return name }
        return String(name.dropFirst().dropLast()).split(separator: "\"\"", omittingEmptySubsequences: false).joined(separator: "\"")
    }

    static func lastUnquotedEquals(in text: Substring) -> Substring.Index? {
        var inQuotes = false
        var found: Substring.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let ch = text[index]
            if ch == "\"" { inQuotes.toggle() } else if ch == "=" && !inQuotes { found = index }
            index = text.index(after: index)
        }
        return found
    }
}

extension Array where Element == ACLItem {
    /// Privileges held by PUBLIC.
    public var publicPrivileges: Set<Character> {
        filter(\.isPublic).reduce(into: Set()) { $0.formUnion($1.privileges) }
    }

    /// Privileges held by `grantee` directly.
    public func privileges(of grantee: String) -> Set<Character> {
        filter { $0.grantee == grantee }.reduce(into: Set()) { $0.formUnion($1.privileges) }
    }
}
