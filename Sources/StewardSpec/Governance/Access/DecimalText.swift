/// A decimal number in PostgreSQL's text form (`-12.340`), rounded the way `numeric` rounds:
/// half away from zero, zero never negative, exactly `scale` digits after the point.
///
/// Written from PostgreSQL's documented `numeric` behaviour, not from the view's SQL: the model
/// must not share the warehouse's mistakes.
struct DecimalText: Sendable, Hashable {
    var negative: Bool
    /// All digits, most significant first, without the point.
    var digits: [UInt8]
    /// How many of `digits` are after the point.
    var scale: Int

    /// Parses `[-+]digits[.digits]`; nil for anything else (exponents, NaN, empty text).
    init?(_ text: String) {
        var body = Substring(text)
        negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        digits = (whole + fraction).compactMap { $0.asciiValue.map { $0 - 48 } }
        scale = fraction.count
    }

    /// Rounded to `places` digits after the point (negative: tens, hundreds, …), half away from zero.
    func rounded(to places: Int) -> DecimalText {
        var result = self
        if places >= scale {
            result.digits += Array(repeating: 0, count: places - scale)
            result.scale = places
            return result
        }
        let drop = scale - places
        // Pad on the left so that rounding 9.9 to tens still has a digit to carry into.
        var kept = Array(repeating: UInt8(0), count: max(0, drop - digits.count) + 1) + digits
        let cut = kept.count - drop
        let roundsUp = kept[cut] >= 5
        kept.removeSubrange(cut...)
        if roundsUp {
            var index = kept.count - 1
            while index >= 0 {
                if kept[index] == 9 { kept[index] = 0; index -= 1 } else { kept[index] += 1; break }
            }
        }
        if places < 0 { kept += Array(repeating: 0, count: -places) }
        result.digits = kept
        result.scale = max(places, 0)
        return result
    }

    var isZero: Bool { digits.allSatisfy { $0 == 0 } }

    /// PostgreSQL's output: no leading zeros before the point (but one `0`), `scale` digits after it.
    var text: String {
        let whole = digits.dropLast(scale).drop { $0 == 0 }
        let fraction = digits.suffix(scale)
        var out = (negative && !isZero) ? "-" : ""
        out += whole.isEmpty ? "0" : String(whole.map { Character(String($0)) })
        if scale > 0 { out += "." + String(fraction.map { Character(String($0)) }) }
        return out
    }
}
