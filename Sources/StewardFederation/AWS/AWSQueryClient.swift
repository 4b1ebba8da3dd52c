import Foundation
import StewardXML

/// One call of an AWS Query API: a form POST of `Action`, `Version` and parameters, signed
/// with SigV4 when a signer is given, answered with XML.
struct AWSQueryClient: Sendable {
    /// A parsed answer: the result document, or the service's refusal.
    enum Outcome {
        case success(XMLElement)
        case failure(status: Int, error: AWSQueryError?)
    }

    let service: AWSEndpoints.Service
    let endpoint: EndpointURL
    let http: any HTTPClient
    let timeouts: HTTPTimeouts

    /// Sends the call. Throws only when no answer came or the answer was unreadable; a refusal
    /// is an `Outcome` for the caller to explain.
    func call(action: String, version: String, parameters: [FormField], signer: SigV4Signer?,
              date: Date) async throws(FederationError) -> Outcome {
        let body = Array(FormField.encode([FormField("Action", action), FormField("Version", version)] + parameters).utf8)
        var headers = [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        if let signer {
            let signed = SigV4Signer.Request(method: "POST", host: endpoint.hostHeader, path: endpoint.joinedPath(""),
                                             headers: headers, body: body)
            headers = signer.signedHeaders(for: signed, at: date)
        }
        let request = HTTPRequest(method: .post, endpoint: endpoint, headers: headers, body: body, timeouts: timeouts)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw FederationError.transport(
                error, stage: service.stage, service: "\(action) at \(endpoint.hostHeader)",
                fix: "Check that this host can reach \(endpoint.hostHeader) over HTTPS (AWS_ENDPOINT_URL_\(service.variableSuffix) or AWS_ENDPOINT_URL override the endpoint).")
        }
        guard response.isSuccess else {
            return .failure(status: response.status, error: AWSQueryError(body: response.body))
        }
        do {
            return .success(try XMLReader().parse(response.body))
        } catch {
            throw FederationError(stage: service.stage,
                                  message: "the \(action) answer from \(endpoint.hostHeader) is not well-formed XML (\(error)).",
                                  fix: "Check that AWS_ENDPOINT_URL_\(service.variableSuffix) / AWS_ENDPOINT_URL, if set, point at the AWS \(service.rawValue) API.")
        }
    }

    /// The text of a required result element, or an error naming it.
    func field(_ name: String, in element: XMLElement?, action: String) throws(FederationError) -> String {
        guard let text = element?.child(name)?.text.trimmingWhitespace(), !text.isEmpty else {
            throw FederationError(stage: service.stage, message: "the \(action) answer from \(endpoint.hostHeader) has no \(name).",
                                  fix: "Check that AWS_ENDPOINT_URL_\(service.variableSuffix) / AWS_ENDPOINT_URL, if set, point at the AWS \(service.rawValue) API.")
        }
        return text
    }

    /// A time of a result element.
    func date(_ name: String, in element: XMLElement?, action: String) throws(FederationError) -> Date {
        let text = try field(name, in: element, action: action)
        guard let date = UTCTime.parseISO8601(text) else {
            throw FederationError(stage: service.stage, message: "the \(action) answer has an unreadable \(name).",
                                  fix: "Check that AWS_ENDPOINT_URL_\(service.variableSuffix) / AWS_ENDPOINT_URL, if set, point at the AWS \(service.rawValue) API.")
        }
        return date
    }
}
