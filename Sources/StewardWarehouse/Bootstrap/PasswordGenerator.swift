/// Generates system-account passwords: 32 characters of letters and digits with at least one
/// upper-case letter, one lower-case letter and one digit (Redshift's rule for plain passwords,
/// so the same password also works in manual scripts).
package struct PasswordGenerator: Sendable {
    static let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let lower = Array("abcdefghijkmnopqrstuvwxyz")
    static let digits = Array("23456789")

    package var length: Int

    package init(length: Int = 32) {
        self.length = max(8, min(64, length))
    }

    package func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }

    package func generate<G: RandomNumberGenerator>(using rng: inout G) -> String {
        let all = Self.upper + Self.lower + Self.digits
        var chars: [Character] = [
            Self.upper.randomElement(using: &rng) ?? "A",
            Self.lower.randomElement(using: &rng) ?? "a",
            Self.digits.randomElement(using: &rng) ?? "2",
        ]
        while chars.count < length { chars.append(all.randomElement(using: &rng) ?? "x") }
        chars.shuffle(using: &rng)
        return String(chars)
    }
}
