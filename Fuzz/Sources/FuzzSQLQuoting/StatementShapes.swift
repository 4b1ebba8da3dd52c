import StewardWarehouse

/// Every statement a dialect builds has the same shape whatever the names in it: built from
/// the fuzzed names and from plain ones, the skeletons (`SQLLexer`) are equal, every quoted
/// identifier is one of the names given, and the redacted text carries no literal but the
/// placeholder.
enum StatementShapes {
    typealias Builder = @Sendable (any SQLDialect, SQLIdentifier, SQLIdentifier, SQLLiteral) -> [SQLStatement]

    static let builders: [(String, Builder)] = [
        ("createDatabase", { d, x, _, _ in [d.createDatabase(x)] }),
        ("dropDatabase", { d, x, _, _ in [d.dropDatabase(x)] }),
        ("createUser", { d, x, _, v in [d.createUser(x, verifier: v)] }),
        ("createFederatedUser", { d, x, _, _ in [d.createFederatedUser(x)] }),
        ("setPassword", { d, x, _, v in [d.setPassword(x, verifier: v)] }),
        ("dropUser", { d, x, _, _ in [d.dropUser(x)] }),
        ("createRole", { d, x, _, _ in [d.createRole(x)] }),
        ("dropRole", { d, x, _, _ in [d.dropRole(x)] }),
        ("grantRoleWithAdminOption", { d, x, y, _ in [d.grantRoleWithAdminOption(x, to: y)] }),
        ("grantPublicDatabaseAccess", { d, x, _, _ in [d.grantPublicDatabaseAccess(x)] }),
        ("revokeAllOnDatabaseFromPublic", { d, x, _, _ in [d.revokeAllOnDatabaseFromPublic(x)] }),
        ("grantAllOnDatabase", { d, x, y, _ in [d.grantAllOnDatabase(x, to: y)] }),
        ("createSchema", { d, x, y, _ in [d.createSchema(x, owner: y)] }),
        ("alterSchemaOwner", { d, x, y, _ in [d.alterSchemaOwner(x, owner: y)] }),
        ("grantSchemaUsageToPublic", { d, x, _, _ in [d.grantSchemaUsageToPublic(x)] }),
        ("grantMarkerRead", { d, x, _, _ in [d.grantMarkerRead(to: x)] }),
        ("grantMembership", { d, x, y, _ in (d as? PostgreSQLDialect).map { [$0.grantMembership(in: x, to: y)] } ?? [] }),
        ("grantMembershipToCurrentUser", { d, x, _, _ in (d as? PostgreSQLDialect).map { [$0.grantMembershipToCurrentUser(in: x)] } ?? [] }),
    ]

    static let dialects: [any SQLDialect] = [PostgreSQLDialect(), RedshiftDialect()]

    static func check(names first: String, _ second: String, verifier: String) {
        guard let x = try? SQLIdentifier(first), let y = try? SQLIdentifier(second),
              let v = try? SQLLiteral(verifier), let plainX = try? SQLIdentifier("a"), let plainY = try? SQLIdentifier("b"),
              let plainV = try? SQLLiteral("v") else { return }
        let allowed: Set<[UInt8]> = [Array(first.utf8), Array(second.utf8),
                                     Array(OwnershipMarker.schema.name.utf8), Array(OwnershipMarker.table.name.utf8)]
        let inputs = [first, second, verifier]
        for dialect in dialects {
            for (name, build) in builders {
                let built = build(dialect, x, y, v)
                let plain = build(dialect, plainX, plainY, plainV)
                for (statement, reference) in zip(built, plain) {
                    let what = "\(dialect.kind) \(name)"
                    let lexed = lex(statement.text, what, inputs)
                    if lexed.skeleton != lex(reference.text, what, inputs).skeleton {
                        propertyFailed("\(what): the names changed the statement's shape", inputs + [statement.text])
                    }
                    if let stray = lexed.identifiers.first(where: { !allowed.contains($0) }) {
                        propertyFailed("\(what): an identifier that is none of the names", inputs + [statement.text, String(decoding: stray, as: UTF8.self)])
                    }
                    let redacted = lex(statement.redactedText, what + " (redacted)", inputs)
                    if redacted.literals.contains(where: { $0 != Array(RedactedValue.text.utf8) }) {
                        propertyFailed("\(what): the redacted text carries a literal", inputs + [statement.redactedText])
                    }
                    if redacted.skeleton != lex(reference.redactedText, what, inputs).skeleton {
                        propertyFailed("\(what): the names changed the redacted statement's shape", inputs + [statement.redactedText])
                    }
                }
            }
        }
    }

    /// The marker statements carry their values as parameters only; as a script, each value
    /// comes back from its literal.
    static func checkMarker(_ values: [String]) {
        let marker = OwnershipMarker(uid: values[0], integrationName: values[1], systemUser: values[2], impersonationRole: values[3])
        let plain = OwnershipMarker(uid: "u", integrationName: "n", systemUser: "s", impersonationRole: "r")
        for dialect in dialects {
            for (statement, reference) in zip(dialect.writeMarker(marker), dialect.writeMarker(plain)) {
                if statement.text != reference.text { propertyFailed("marker values reached the statement text", values + [statement.text]) }
                guard let script = try? statement.scriptText() else { continue }
                let lexed = lex(script, "marker script", values)
                let expected = statement.parameters.compactMap { $0.map { Array($0.utf8) } }
                if lexed.literals != expected {
                    propertyFailed("marker script literals are not the values", values + [script])
                }
                guard let referenceScript = try? reference.scriptText() else {
                    propertyFailed("the plain marker statement has no script text", values)
                }
                if lexed.skeleton != lex(referenceScript, "marker script", values).skeleton {
                    propertyFailed("marker values changed the script's shape", values + [script])
                }
            }
        }
    }

    private static func lex(_ text: String, _ what: String, _ inputs: [String]) -> SQLLexer.Result {
        do {
            return try SQLLexer.lex(text)
        } catch {
            propertyFailed("\(what): the statement does not lex (\(error))", inputs + [text])
        }
    }
}
