import StewardSpec

/// Collects validation tests in the order they ran.
struct ValidationRecorder {
    private(set) var tests: [ValidationTest] = []

    init(_ prior: [ValidationTest] = []) {
        tests = prior
    }

    mutating func pass(_ name: String, message: String? = nil, result: [String?]? = nil) {
        tests.append(ValidationTest(name: name, status: .passed, message: message, result: result))
    }

    mutating func fail(_ name: String, message: String) {
        tests.append(ValidationTest(name: name, status: .failed, message: message))
    }

    mutating func warn(_ name: String, message: String) {
        tests.append(ValidationTest(name: name, status: .warning, message: message))
    }

    var firstFailure: String? {
        tests.first { $0.status == .failed }.map { "\($0.name) failed: \($0.message ?? "")" }
    }

    func outcome(_ result: BootstrapOutcome.Result, dialect: DialectKind?) -> BootstrapOutcome {
        BootstrapOutcome(result: result, validationResults: ValidationResults(validationTests: tests), dialect: dialect)
    }
}
