/// The rules across the keys of one mapping, as `SpecDecoder` applies them: which keys are
/// required, and which depend on another key's value. Each entry names the decoder function
/// whose rule it restates; the verdict test (`SpecSchemaVerdictTests`) runs every example and
/// hostile file through both and compares.
extension SpecSchema {
    struct Rules {
        var required: [String] = []
        var allOf: [[String: Any]] = []
    }

    static let passwordKeys = SpecDecoder.passwordKeys

    static func rules(for definition: String) -> Rules {
        switch definition {
        case KeySchema.top.definition:
            // SpecDecoder.decode; decodeConfig: initialDatabase is required when autoBootstrap is true.
            return Rules(required: ["type", "autoBootstrap", "config"], allOf: [
                when(["autoBootstrap": ["const": true]], then: ["properties": ["config": ["required": ["initialDatabase"]]]]),
            ])
        case KeySchema.config.definition:
            // decodeConfig: okta or the user and one password source, by authenticationType;
            // decodeClusterOverrides: okta only; sslRootCert with the verifying modes.
            let okta: [String: Any] = ["required": ["okta"], "not": ["anyOf": (["username"] + passwordKeys).map { ["required": [$0]] }]]
            let direct: [String: Any] = [
                "required": ["username"], "oneOf": passwordKeys.map { ["required": [$0]] },
                "not": ["anyOf": ["okta", "clusterIdentifier", "region"].map { ["required": [$0]] }],
            ]
            return Rules(required: ["host", "database"], allOf: [
                ["if": ["required": ["authenticationType"], "properties": ["authenticationType": ["const": "okta"]]],
                 "then": okta, "else": direct],
                when(["sslMode": ["enum": ["verify-ca", "verify-full"]]], then: ["required": ["sslRootCert"]]),
            ])
        case KeySchema.okta.definition:
            // decodeOkta: every key but one password source is required; exactly one source.
            return Rules(required: ["username", "appId", "idpHost", "role"], allOf: [
                ["oneOf": passwordKeys.map { ["required": [$0]] }],
            ])
        case KeySchema.dataSource.definition:
            return Rules(required: ["name", "table"])
        case KeySchema.user.definition:
            // decodeUser: without warehouseUser the name is the login, so it must be a catalog name.
            return Rules(required: ["name"], allOf: [
                ["if": ["not": ["required": ["warehouseUser"]]], "then": ["properties": ["name": text(.catalogName)]]],
            ])
        case KeySchema.policy.definition:
            // decodePolicy: exactly one rule.
            return Rules(required: ["name"], allOf: [["oneOf": ["subscription", "masking", "rowFilter"].map { ["required": [$0]] }]])
        case KeySchema.subscription.definition:
            // decodePolicy: a subscription names somebody.
            return Rules(allOf: [["anyOf": ["groups", "users"].map { ["required": [$0], "properties": [$0: ["minItems": 1]]] }]])
        case KeySchema.masking.definition:
            return Rules(required: ["method"], allOf: maskingRules)
        case KeySchema.rowFilter.definition:
            // decodeRowFilter: exactly one of matchesAttribute and in.
            return Rules(required: ["column"], allOf: [["oneOf": ["matchesAttribute", "in"].map { ["required": [$0]] }]])
        default:
            return Rules()
        }
    }

    /// decodeMasking: columns or tags; each method's own keys required, the others refused.
    static var maskingRules: [[String: Any]] {
        let own: [(String, [String])] = [("constant", ["constant"]), ("regex", ["pattern", "replacement"]), ("round", ["digits"])]
        let extras = ["constant", "pattern", "replacement", "digits"]
        var rules: [[String: Any]] = [["anyOf": ["columns", "tags"].map { ["required": [$0], "properties": [$0: ["minItems": 1]]] }]]
        for method in MaskingMethod.allCases.map(\.rawValue) {
            let needs = own.first { $0.0 == method }?.1 ?? []
            var then: [String: Any] = [:]
            if !needs.isEmpty { then["required"] = needs }
            let refused = extras.filter { !needs.contains($0) }
            then["not"] = ["anyOf": refused.map { ["required": [$0]] }]
            rules.append(when(["method": ["const": method]], then: then))
        }
        return rules
    }

    /// `if` the keys are present with these values `then` …
    static func when(_ properties: [String: Any], then: [String: Any]) -> [String: Any] {
        ["if": ["required": Array(properties.keys).sorted(), "properties": properties], "then": then]
    }
}
