/// The quoting rule that quoted identifiers (`"…"`) and standard string literals (`'…'`) share on
/// PostgreSQL and Redshift: wrap the text in the quote and double every quote inside.
///
/// It works on Unicode scalars, not on `Character`s: a quote followed by a combining mark
/// (`"\u{301}`) is one `Character` that is not equal to `"`, yet the server reads a quote.
enum SQLQuote {
    static func enclose(_ text: String, in quote: Unicode.Scalar) -> String {
        var quoted = String.UnicodeScalarView()
        quoted.append(quote)
        for scalar in text.unicodeScalars {
            if scalar == quote { quoted.append(scalar) }
            quoted.append(scalar)
        }
        quoted.append(quote)
        return String(quoted)
    }
}
