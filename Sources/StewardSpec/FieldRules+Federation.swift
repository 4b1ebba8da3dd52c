extension FieldRules {
    /// `okta.idpHost`: a host name (reached over https), or for a local test IdP an
    /// `http://` URL on a loopback address. Plain http anywhere else would send the Okta
    /// password in clear text, so it is refused.
    static func identityProviderHost(_ value: String, example: String) -> RuleViolation? {
        let key = "idpHost"
        for scheme in ["https://", "http://"] where value.lowercased().hasPrefix(scheme) {
            let rest = String(value.dropFirst(scheme.count))
            let authority = rest.hasSuffix("/") ? String(rest.dropLast()) : rest
            let host = hostPart(of: authority)
            if let violation = hostName(host, key: key, example: example) { return violation }
            if authority.count > host.count {
                let port = authority.dropFirst(host.count + 1)
                guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65535).contains(number) else {
                    return RuleViolation(message: "\(Quoted(value)) has an invalid port", fix: "write \(key): \(scheme)HOST:PORT with a port from 1 to 65535")
                }
            }
            if scheme == "http://" && !isLoopback(host) {
                return RuleViolation(message: "\(Quoted(value)) would send the Okta password unencrypted",
                                     fix: "use https (write the host name alone, e.g. \(key): \(example)); plain http is allowed only on a loopback address")
            }
            return nil
        }
        return hostName(value, key: key, example: example)
    }

    /// The host of `host[:port]`, with IPv6 brackets kept (`[::1]:8080` → `[::1]`).
    static func hostPart(of authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        return authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? authority
    }

    /// 127.0.0.0/8, `[::1]` or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "[::1]" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.first == "127" && octets.allSatisfy { Int($0).map { (0...255).contains($0) } ?? false }
    }

    /// A cluster identifier or region: lower-case letters, digits and hyphens, 1 to 63 characters.
    static func awsName(_ value: String, key: String, example: String) -> RuleViolation? {
        let allowed = value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard !value.isEmpty, value.count <= 63, allowed else {
            return RuleViolation(message: "\(Quoted(String(value.prefix(80)))) is not a valid \(key)",
                                 fix: "use lower-case letters, digits and hyphens, e.g. \(key): \(example)")
        }
        return nil
    }
}
