import StewardWarehouse

/// Properties of the two quoting functions and of `scriptText()`, checked against `SQLLexer`.
enum QuotingProperties {
    /// A name `SQLIdentifier` accepts comes back unchanged from the server's unquoting rule, as
    /// exactly one token: no unbalanced quote, nothing outside the quotes.
    static func identifierRoundTrip(_ name: String) {
        guard let identifier = try? SQLIdentifier(name) else {
            if SQLIdentifier.problem(with: name) == nil { propertyFailed("SQLIdentifier refused a name without a problem", [name]) }
            return
        }
        if identifier.name != name { propertyFailed("SQLIdentifier changed the name", [name]) }
        let lexed: SQLLexer.Result
        do {
            lexed = try SQLLexer.lex(identifier.quoted)
        } catch {
            propertyFailed("the quoted identifier does not lex: \(error)", [name, identifier.quoted])
        }
        if lexed.tokens != [.identifier(Array(name.utf8))] || lexed.skeleton != Array("<I>".utf8) {
            propertyFailed("the quoted identifier does not unquote to the name", [name, identifier.quoted])
        }
    }

    /// The same for `SQLLiteral`, which must also never emit a backslash (Redshift would read it
    /// as an escape).
    static func literalRoundTrip(_ value: String) {
        guard let literal = try? SQLLiteral(value) else { return }
        let quoted = literal.quoted
        if quoted.utf8.contains(UInt8(ascii: "\\")) { propertyFailed("a literal holds a backslash", [value, quoted]) }
        let lexed: SQLLexer.Result
        do {
            lexed = try SQLLexer.lex(quoted)
        } catch {
            propertyFailed("the quoted literal does not lex: \(error)", [value, quoted])
        }
        if lexed.tokens != [.literal(Array(value.utf8))] || lexed.skeleton != Array("<L>".utf8) {
            propertyFailed("the quoted literal does not unquote to the value", [value, quoted])
        }
    }

    /// `scriptText()` replaces each `$n` by its value as a literal and nothing else: identifiers
    /// (which may contain `$1`) and the statement's shape stay as they were.
    static func scriptText(identifier name: String, values: [String]) {
        guard let identifier = try? SQLIdentifier(name) else { return }
        let statement = SQLStatement("UPDATE \(identifier.quoted) SET v = $1 WHERE k = $2 AND n = $3",
                                     parameters: [values[0], nil, values[1]])
        guard let script = try? statement.scriptText() else {
            if (try? SQLLiteral(values[0])) != nil && (try? SQLLiteral(values[1])) != nil {
                propertyFailed("scriptText refused values that are valid literals", [name] + values)
            }
            return
        }
        let lexed: SQLLexer.Result
        do {
            lexed = try SQLLexer.lex(script)
        } catch {
            propertyFailed("the script text does not lex: \(error)", [name] + values + [script])
        }
        let expected = Array("UPDATE <I> SET v = <L> WHERE k = NULL AND n = <L>;".utf8)
        if lexed.skeleton != expected || lexed.identifiers != [Array(name.utf8)]
            || lexed.literals != values.map({ Array($0.utf8) }) {
            propertyFailed("scriptText changed the statement's shape or its identifier", [name] + values + [script])
        }
    }
}
