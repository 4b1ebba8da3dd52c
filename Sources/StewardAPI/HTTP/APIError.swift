import Hummingbird
import StewardSpec

/// An error answer of the API, in the seed's shape: `{"statusCode": 409, "error": "Conflict",
/// "message": "..."}`, with the spec's problems (`errors`) or the validation tests
/// (`validationResults`) where they explain it.
package struct APIError: Error, Sendable {
    package var status: HTTPResponse.Status
    package var message: String
    package var errors: [SpecError]?
    package var validationResults: ValidationResults?

    package init(_ status: HTTPResponse.Status, _ message: String, errors: [SpecError]? = nil, validationResults: ValidationResults? = nil) {
        self.status = status
        self.message = message
        self.errors = errors
        self.validationResults = validationResults
    }

    /// `404 No Integration found with ID ID.`
    package static func notFound(_ id: String) -> APIError {
        APIError(.notFound, "No Integration found with ID \(id).")
    }

    /// A body that is not a valid spec: every problem, each with its path and fix.
    package static func invalidSpec(_ errors: SpecErrors) -> APIError {
        APIError(.badRequest, errors.errors.count == 1 ? errors.errors[0].description : "the body has \(errors.errors.count) problems: "
            + errors.errors.map(\.description).joined(separator: "; "), errors: errors.errors)
    }

    /// The JSON body.
    var body: Body {
        Body(statusCode: status.code, error: status.reasonPhrase, message: message, errors: errors, validationResults: validationResults)
    }

    struct Body: Encodable {
        var statusCode: Int
        var error: String
        var message: String
        var errors: [SpecError]?
        var validationResults: ValidationResults?
    }
}
