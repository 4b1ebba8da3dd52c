import StewardXML

/// An error answer of an AWS Query API (`<ErrorResponse><Error><Type/><Code/><Message/>`).
struct AWSQueryError: Sendable, Equatable {
    var code: String
    var message: String

    /// Codes AWS documents as worth retrying.
    private static let transientCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "RequestThrottledException",
        "RequestLimitExceeded", "TooManyRequestsException", "SlowDown", "ServiceUnavailable",
        "ServiceUnavailableException", "InternalFailure", "InternalError", "InternalServiceError",
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "IDPCommunicationError",
        "EC2ThrottledException", "TransactionInProgressException",
    ]

    /// Reads the error from a body; nil when the body is no AWS error document.
    init?(body: [UInt8]) {
        guard let root = try? XMLReader(limits: XMLReader.Limits(maxBytes: 1 << 20)).parse(body) else { return nil }
        let error = root.localName == "Error" ? root : root.descendants("Error").first
        guard let error, let code = error.child("Code")?.text.trimmingWhitespace(), !code.isEmpty else { return nil }
        self.code = ServerText.clip(code, limit: 100)
        self.message = ServerText.clip(error.child("Message")?.text ?? "")
    }

    init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Retrying may help: a transient code, throttling (429) or a server error (5xx).
    static func isTransient(status: Int, code: String?) -> Bool {
        if let code, transientCodes.contains(code) { return true }
        return status == 429 || status >= 500
    }

    /// `CODE: message` (or just the code).
    var summary: String { message.isEmpty ? code : "\(code): \(message)" }
}
