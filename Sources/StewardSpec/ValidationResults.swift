/// The outcome of one validation test, in the API's vocabulary.
package enum ValidationTestStatus: String, Sendable, Codable, Hashable {
    case passed, failed, warning, skipped
}

/// One named validation test, e.g. `Initial Validation: Basic Connection Test`.
///
/// A failed test carries a `message` that says what went wrong and what to do.
/// `result` mirrors the API's free-form result array; Steward fills it with short strings
/// (never secrets) or leaves it out.
package struct ValidationTest: Sendable, Codable, Hashable {
    package var name: String
    package var status: ValidationTestStatus
    package var message: String?
    package var result: [String?]?

    package init(name: String, status: ValidationTestStatus, message: String? = nil, result: [String?]? = nil) {
        self.name = name
        self.status = status
        self.message = message
        self.result = result
    }
}

/// `validationResults` in the API's shape: `{status, validationTests: [...]}`.
package struct ValidationResults: Sendable, Codable, Hashable {
    package var status: ValidationTestStatus
    package var validationTests: [ValidationTest]

    package init(validationTests: [ValidationTest]) {
        self.validationTests = validationTests
        self.status = Self.overall(validationTests)
    }

    package init(status: ValidationTestStatus, validationTests: [ValidationTest]) {
        self.status = status
        self.validationTests = validationTests
    }

    /// failed if any test failed, else warning if any warned, else passed (skipped if none ran).
    package static func overall(_ tests: [ValidationTest]) -> ValidationTestStatus {
        if tests.contains(where: { $0.status == .failed }) { return .failed }
        if tests.contains(where: { $0.status == .warning }) { return .warning }
        if tests.contains(where: { $0.status == .passed }) { return .passed }
        return .skipped
    }

    package var failedTests: [ValidationTest] { validationTests.filter { $0.status == .failed } }
}
