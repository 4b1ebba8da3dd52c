/// What a masking method makes of one value, as the warehouse must show it: the model's own
/// reading of each method's documented meaning.
///
/// - `null`: NULL.
/// - `constant`: the constant, for every row (a NULL too).
/// - `hash`: SHA-256 of the value's UTF-8 text, lower-case hex; NULL stays NULL.
/// - `regex`: every match of the POSIX pattern replaced; NULL stays NULL.
/// - `round`: the number rounded half away from zero, first to the 10 places of
///   `DECIMAL(38, 10)` and then to `digits`, shown with exactly `digits` places; NULL stays NULL.
package enum MaskedValue {
    package static func apply(_ masking: Policy.Masking, to value: String?) throws(AccessError) -> String? {
        switch masking.method {
        case .null:
            return nil
        case .constant:
            return masking.constant ?? ""
        case .hash:
            return value.map { SHA256.hexDigest(of: $0) }
        case .regex:
            guard let value else { return nil }
            return try POSIXPattern(masking.pattern ?? "").replacingAll(in: value, with: masking.replacement ?? "")
        case .round:
            guard let value else { return nil }
            guard let number = DecimalText(value) else {
                throw AccessError(.notANumber, "\(value.count > 40 ? String(value.prefix(40)) + "…" : value) is not a decimal number",
                                  fix: "round masks numeric columns only; mask this one with null, constant, hash or regex")
            }
            return number.rounded(to: 10).rounded(to: masking.digits ?? 0).text
        }
    }
}
