@testable import StewardSpec

/// Valid spec documents that together hold every key of every `KeySchema`, and for each
/// `FieldKind` values that its rule accepts and refuses, as they would be written in a file.
enum SchemaSamples {
    /// A config with `extra` added, replacing keys of the same name.
    static func config(_ extra: [(String, FlowYAML)]) -> FlowYAML {
        let common: [(String, FlowYAML)] = [("host", .plain("db.example.com")), ("port", .plain("5439")), ("database", .plain("immuta")),
              ("initialDatabase", .plain("dev")), ("impersonation", .map([("enabled", .plain("true")), ("role", .plain("immuta_impersonation"))])),
              ("sslMode", .plain("require")), ("connectTimeout", .plain("10")), ("existingDatabase", .plain("false"))]
        return .map(common.filter { key, _ in !extra.contains { $0.0 == key } } + extra)
    }

    static func spec(_ config: FlowYAML, governance: Bool = true) -> FlowYAML {
        var top: [(String, FlowYAML)] = [("type", .plain("Redshift")), ("autoBootstrap", .plain("true")), ("config", config),
                                         ("deletionPolicy", .plain("Delete"))]
        if governance {
            top += [
                ("dataSources", .list([.map([("name", .plain("customers")), ("table", .plain("sales.public.customers")),
                                             ("schema", .plain("governed")), ("view", .plain("customers_v")),
                                             ("columns", .map([("email", .list([.plain("pii")]))]))])])),
                ("users", .list([.map([("name", .plain("alice")), ("warehouseUser", .plain("alice")), ("groups", .list([.plain("analysts")])),
                                       ("attributes", .map([("region", .list([.plain("EU")]))]))])])),
                ("policies", .list([
                    .map([("name", .plain("read")), ("dataSources", .list([.plain("customers")])),
                          ("subscription", .map([("groups", .list([.plain("analysts")])), ("users", .list([.plain("alice")]))]))]),
                    .map([("name", .plain("mask-constant")),
                          ("masking", .map([("columns", .list([.plain("email")])), ("tags", .list([.plain("pii")])), ("method", .plain("constant")),
                                            ("constant", .quoted("***")), ("exceptGroups", .list([.plain("admins")]))]))]),
                    .map([("name", .plain("mask-regex")),
                          ("masking", .map([("tags", .list([.plain("pii")])), ("method", .plain("regex")),
                                            ("pattern", .quoted("[[:digit:]]")), ("replacement", .quoted("#"))]))]),
                    .map([("name", .plain("mask-round")),
                          ("masking", .map([("columns", .list([.plain("amount")])), ("method", .plain("round")), ("digits", .plain("2"))]))]),
                    .map([("name", .plain("by-region")),
                          ("rowFilter", .map([("column", .plain("region")), ("matchesAttribute", .plain("region")),
                                              ("exceptGroups", .list([.plain("admins")]))]))]),
                    .map([("name", .plain("eu-only")), ("rowFilter", .map([("column", .plain("region")), ("in", .list([.plain("EU")]))]))]),
                ])),
            ]
        }
        return .map(top)
    }

    static func okta(_ password: (String, FlowYAML)) -> FlowYAML {
        config([("authenticationType", .plain("okta")), ("clusterIdentifier", .plain("examplecluster")), ("region", .plain("us-west-2")),
                ("okta", .map([("username", .plain("taylor@example.com")), password, ("appId", .plain("Okta")),
                               ("idpHost", .plain("organization.okta.com")), ("role", .plain("admin"))]))])
    }

    static let passwordSources: [(String, FlowYAML)] = [
        ("password", .quoted("abc1234")), ("passwordFile", .quoted("/etc/steward/secrets/admin")), ("passwordCredential", .plain("redshift-admin")),
    ]

    /// Valid documents holding every key of every mapping between them.
    static let bases: [FlowYAML] =
        passwordSources.map { spec(config([("authenticationType", .plain("userPassword")), ("username", .plain("admin")), $0])) }
        + passwordSources.map { spec(okta($0), governance: false) }
        + [spec(config([("username", .plain("admin")), ("password", .quoted("x")), ("sslMode", .plain("verify-full")),
                        ("sslRootCert", .quoted("/etc/steward/ca.pem"))]), governance: false)]

    /// The `KeySchema` of the mapping at `path` in a spec.
    static func schema(at path: [String]) -> KeySchema? {
        let shape = path.map { Int($0) == nil ? $0 : "#" }
        switch shape {
        case []: return .top
        case ["config"]: return .config
        case ["config", "impersonation"]: return .impersonation
        case ["config", "okta"]: return .okta
        case ["dataSources", "#"]: return .dataSource
        case ["users", "#"]: return .user
        case ["policies", "#"]: return .policy
        case ["policies", "#", "subscription"]: return .subscription
        case ["policies", "#", "masking"]: return .masking
        case ["policies", "#", "rowFilter"]: return .rowFilter
        default: return nil
        }
    }

    /// Values the kind's rule accepts and refuses.
    static func values(_ kind: FieldKind) -> (valid: [FlowYAML], invalid: [FlowYAML]) {
        let wrongShape: [FlowYAML] = [.map([("x", .plain("1"))]), .plain("null")]
        switch kind {
        case .constant(let text): return ([.plain(text)], [.plain(text.lowercased()), .quoted(text + " ")] + wrongShape)
        case .bool: return ([.plain("true"), .plain("false")], [.plain("yes"), .quoted("true"), .plain("True")] + wrongShape)
        case .integer(let range):
            return ([.plain("\(range.lowerBound)"), .plain("\(range.upperBound)")],
                    [.plain("\(range.upperBound + 1)"), .quoted("\(range.lowerBound)"), .plain("-1"), .plain("0x10"), .plain("1.5")] + wrongShape)
        case .choice(let values):
            return (values.map { $0 == "null" ? .quoted($0) : .plain($0) }, [.plain("Nope"), .list([])] + wrongShape)
        case .createdName:
            return ([.plain("abc_1"), .plain("_x$"), .plain("true")], [.plain("Abc"), .plain("1abc"), .quoted("a b"), .quoted(""), .quoted("a\n")] + wrongShape)
        case .hostName:
            return ([.plain("db.example.com"), .plain("10.0.0.1"), .quoted("[::1]"), .plain("2130706433")],
                    [.quoted("db.example.com:5439"), .quoted("a,b"), .quoted("http://x"), .quoted("a b"), .quoted("db\n")] + wrongShape)
        case .text(let maximum):
            return ([.plain("admin"), .quoted("a b@c"), .plain("1234")],
                    [.quoted(""), .quoted("a\tb"), .quoted(String(repeating: "x", count: maximum + 1)), .quoted("a\n")] + wrongShape)
        case .password:
            return ([.quoted("p@ss word"), .plain("1234"), .plain("true")], [.quoted(""), .quoted(Secret.redacted), .quoted("a\nb")] + wrongShape)
        case .absolutePath:
            return ([.quoted("/etc/steward/x")], [.quoted("relative/x"), .quoted("/a\u{7}b"), .quoted("/a\n"), .plain("1")] + wrongShape)
        case .credentialName:
            return ([.plain("redshift-admin"), .quoted("a.b:c"), .plain("42")], [.quoted("a/b"), .quoted(".."), .quoted("a b")] + wrongShape)
        case .awsName:
            return ([.plain("us-west-2"), .plain("123")], [.plain("US-WEST-2"), .quoted("a_b"), .quoted(String(repeating: "a", count: 64))] + wrongShape)
        case .identityProviderHost:
            return ([.plain("okta.example.com"), .quoted("https://okta.example.com:8443"), .quoted("http://127.0.0.1:9000"), .quoted("HTTPS://okta.example.com/")],
                    [.quoted("http://okta.example.com"), .quoted("https://okta.example.com:0"), .quoted("https://okta.example.com:65536"),
                     .quoted("https://a/b"), .quoted("okta.example.com:443")] + wrongShape)
        case .governanceName:
            return ([.plain("analysts"), .quoted("Data Team/EU #1"), .plain("7")], [.quoted(" lead"), .quoted("a'b"), .quoted("a|b"), .quoted(""), .quoted("a\n")] + wrongShape)
        case .catalogName:
            return ([.plain("email"), .quoted("Mixed Case \"x\"")], [.quoted(""), .quoted(String(repeating: "c", count: 64)), .quoted("a\u{1b}b")] + wrongShape)
        case .sqlText:
            return ([.quoted("***"), .quoted("[[:digit:]]{4}")], [.quoted("a\\d"), .quoted("é"), .quoted(String(repeating: "x", count: 1025))] + wrongShape)
        case .tableReference:
            return ([.plain("public.customers"), .plain("sales.public.customers")], [.plain("customers"), .quoted("a..b"), .quoted("a.b.c.d")] + wrongShape)
        case .list(let element):
            let inner = values(element)
            return (inner.valid.prefix(1).map { .list([$0]) }, [.plain("x"), .map([("x", .plain("1"))])] + inner.invalid.prefix(2).map { .list([$0]) })
        case .namedMap(_, let element):
            let inner = values(element)
            return (inner.valid.prefix(1).map { .map([("k", $0)]) }, [.list([]), .plain("x")] + inner.invalid.prefix(2).map { .map([("k", $0)]) })
        case .object: return ([], [.plain("x"), .list([])])
        }
    }
}
