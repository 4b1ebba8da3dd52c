/// The outcome of one validation test, in the API's vocabulary.
public enum ValidationTestStatus: String, Sendable, Codable, Hashable {
    case passed, failed, warning, skipped
}

/// One named validation test, e.g. `Initial Validation: Basic Connection Test`.
///
/// A failed test carries a `message` that says what went wrong and what to do.
/// `result` mirrors the API's free-form result array; Steward fills it with short strings
/// (never secrets) or leaves it out.
public struct ValidationTest: Sendable, Codable, Hashable {
    public var name: String
    public var status: ValidationTestStatus
    public var message: String?
    public var result: [String?]?

    public init(name: String, status: ValidationTestStatus, message: String? = nil, result: [String?]? = nil) {
        self.name = name
        self.status = status
        self.message = message
        self.result = result
    }
}

/// `validationResults` in the API's shape: `{status, validationTests: [...]}`.
public struct ValidationResults: Sendable, Codable, Hashable {
    public var status: ValidationTestStatus
    public var validationTests: [ValidationTest]

    public init(validationTests: [ValidationTest]) {
        self.validationTests = validationTests
        self.status = Self.overall(validationTests)
    }

    public init(status: ValidationTestStatus, validationTests: [ValidationTest]) {
        self.status = status
        self.validationTests = validationTests
    }

    /// failed if any test failed, else warning if any warned, else passed (skipped if none ran).
    public static func overall(_ tests: [ValidationTest]) -> ValidationTestStatus {
        if tests.contains(where: { $0.status == .failed }) { return .failed }
        if tests.contains(where: { $0.status == .warning }) { return .warning }
        if tests.contains(where: { $0.status == .passed }) { return .passed }
        return .skipped
    }

    public var failedTests: [ValidationTest] { validationTests.filter { $0.status == .failed } }
}
