import StewardSpec
import Testing

/// Each masking method's value, checked against what PostgreSQL 15 returns for the same input
/// (the expected values were read from `psql`, not from the model).
@Suite struct MaskedValueTests {
    static func mask(_ method: MaskingMethod, constant: String? = nil, pattern: String? = nil, replacement: String? = nil,
                     digits: Int? = nil, _ value: String?) throws -> String? {
        try MaskedValue.apply(Policy.Masking(columns: ["c"], method: method, constant: constant, pattern: pattern,
                                             replacement: replacement, digits: digits), to: value)
    }

    @Test func nullConstantAndHash() throws {
        #expect(try Self.mask(.null, "x") == nil)
        #expect(try Self.mask(.constant, constant: "***", "x") == "***")
        #expect(try Self.mask(.constant, constant: "***", nil) == "***", "a constant replaces NULL too")
        // encode(sha256(convert_to('ann@example.eu', 'UTF8')), 'hex')
        #expect(try Self.mask(.hash, "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try Self.mask(.hash, "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try Self.mask(.hash, nil) == nil)
    }

    @Test(arguments: [
        ("aab", "a*", "-", "--b-"),
        ("abc", "x*", "-", "-a-b-c-"),
        ("ab", "a|ab", "X", "X"),                       // leftmost-longest, not leftmost-first
        ("abcd", "(a|ab)(c|bcd)", "X", "X"),
        ("a.b", "[.]", "", "ab"),
        ("xyz", "^", "-", "-xyz"),
        ("xyz", "$", "-", "xyz-"),
        ("a-b]", "[]-]", "_", "a_b_"),
        ("tel 555-1234", "[[:digit:]]", "#", "tel ###-####"),
        ("ann@example.eu", "^[^@]+", "***", "***@example.eu"),
        ("aaaa", "a{2}", "b", "bb"),
        ("aaaaa", "a{2,3}", "b", "bb"),
        ("AbC", "[[:upper:]]+", "_", "_b_"),
    ])
    func regexReplacesEveryMatchLikePostgreSQL(_ input: String, _ pattern: String, _ replacement: String, _ expected: String) throws {
        #expect(try Self.mask(.regex, pattern: pattern, replacement: replacement, input) == expected)
    }

    @Test func regexOutsideTheSubsetIsRefusedWithAFix() throws {
        for pattern in ["a*?", "(?i)a", "[[.a.]]", "*a", "(a", "a)", "[[:nope:]]", "a{2"] {
            #expect(throws: AccessError.self, "\(pattern)") { try Self.mask(.regex, pattern: pattern, replacement: "", "a") }
        }
        let error = #expect(throws: AccessError.self) { try Self.mask(.regex, pattern: "a+?", replacement: "", "a") }
        #expect(error?.kind == .unsupportedPattern && error?.fix.contains("greedy") == true)
    }

    @Test(arguments: [
        ("-0.4", 0, "0"), ("2.5", 0, "3"), ("-2.5", 2, "-2.50"), ("0.00000000005", 10, "0.0000000001"),
        ("9.99", 1, "10.0"), ("5", 2, "5.00"), ("-0.001", 2, "0.00"), ("10.49", 0, "10"), ("20.51", 0, "21"),
        ("0.000000000049", 10, "0.0000000000"), ("999.5", 0, "1000"), (".5", 0, "1"), ("-14.45", 1, "-14.5"),
    ])
    func roundIsPostgreSQLNumericRounding(_ input: String, _ digits: Int, _ expected: String) throws {
        #expect(try Self.mask(.round, digits: digits, input) == expected)
    }

    @Test func roundRefusesWhatIsNotANumber() throws {
        #expect(try Self.mask(.round, digits: 0, nil) == nil)
        #expect(throws: AccessError.self) { try Self.mask(.round, digits: 0, "1e5") }
        #expect(throws: AccessError.self) { try Self.mask(.round, digits: 0, "abc") }
    }
}
