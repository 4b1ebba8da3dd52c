import Foundation
import StewardSpec

/// The two Okta calls of the login: primary authentication, then the AWS app's SAML response.
struct OktaClient: Sendable {
    let idp: EndpointURL
    let http: any HTTPClient
    let timeouts: HTTPTimeouts

    /// `POST /api/v1/authn` with the username and password; the session token on success.
    func sessionToken(username: String, password: Secret) async throws(FederationError) -> Secret {
        let body: Data
        do {
            body = try JSONEncoder().encode(AuthnRequest(username: username, password: password.unredacted))
        } catch {
            throw FederationError(stage: .oktaAuthentication, message: "the Okta request could not be encoded.",
                                  fix: "Check okta.username for unusual characters.")
        }
        let request = HTTPRequest(
            method: .post, endpoint: idp, pathAndQuery: "/api/v1/authn",
            headers: [HTTPHeader("Accept", "application/json"), HTTPHeader("Content-Type", "application/json")],
            body: [UInt8](body), timeouts: timeouts)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw FederationError.transport(error, stage: .oktaAuthentication, service: "Okta (\(idp.hostHeader))",
                                            fix: "Check okta.idpHost and that this host can reach it over HTTPS.")
        }
        let answer = try? JSONDecoder().decode(AuthnResponse.self, from: Data(response.body))
        if response.isSuccess, let answer, answer.status == "SUCCESS", let token = answer.sessionToken, !token.isEmpty {
            return Secret(token)
        }
        throw failure(response, answer)
    }

    /// `GET /home/APP_NAME/APP_ID?onetimetoken=TOKEN`: the base64 SAMLResponse of the app's form.
    func samlResponse(appName: String, appId: String, sessionToken: Secret) async throws(FederationError) -> Secret {
        let path = "/home/\(FormField.percentEncode(appName))/\(FormField.percentEncode(appId))"
        let request = HTTPRequest(
            method: .get, endpoint: idp,
            pathAndQuery: path + "?onetimetoken=" + FormField.percentEncode(sessionToken.unredacted),
            headers: [HTTPHeader("Accept", "text/html")], timeouts: timeouts, redirects: .sameOrigin(limit: 5))
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            let fix = if case .redirectRefused = error {
                "Check okta.idpHost and okta.appId: Okta sent the login elsewhere, as it does for an app of another org or a sign-in page."
            } else {
                "Check okta.idpHost and that this host can reach it over HTTPS."
            }
            throw FederationError.transport(error, stage: .samlResponse, service: "Okta (\(idp.hostHeader))", fix: fix)
        }
        guard response.isSuccess else {
            let transient = AWSQueryError.isTransient(status: response.status, code: nil)
            let fix = response.status == 404
                ? "Check okta.appId (and appName \(appName)): it is the id in the Okta AWS app's embed link."
                : transient ? "Steward retries by itself." : "Check okta.appId and that okta.username is assigned to the AWS app in Okta."
            throw FederationError(stage: .samlResponse,
                                  message: "Okta answered HTTP \(response.status) for the app \(appName)/\(appId).",
                                  fix: fix, isTransient: transient)
        }
        guard let value = HTMLForm.inputValue(named: "SAMLResponse", in: response.text), !value.isEmpty else {
            throw FederationError(
                stage: .samlResponse,
                message: "Okta's page for the app \(appName)/\(appId) holds no SAMLResponse (a sign-in page instead: the one-time token was not accepted, or the user may not use the app).",
                fix: "Check okta.appId and that okta.username is assigned to the AWS app in Okta.")
        }
        return Secret(value)
    }

    /// The error for an unsuccessful `/api/v1/authn` answer.
    private func failure(_ response: HTTPResponse, _ answer: AuthnResponse?) -> FederationError {
        let code = answer?.errorCode
        let summary = answer?.errorSummary.map { ServerText.clip($0) }
        let credentialsFix = "Check okta.username and okta.password (passwordFile/passwordCredential)."
        if response.status == 401 || code == "E0000004" {
            return FederationError(stage: .oktaAuthentication,
                                   message: "Okta refused the username or password (\(summary ?? "HTTP \(response.status)")).",
                                   fix: credentialsFix, code: code ?? "HTTP \(response.status)")
        }
        if response.status == 429 || response.status >= 500 || code == "E0000047" {
            return FederationError(stage: .oktaAuthentication,
                                   message: "Okta answered HTTP \(response.status)\(summary.map { " (\($0))" } ?? "").",
                                   fix: "Steward retries by itself; if it persists, check Okta's rate limits and status.",
                                   isTransient: true, code: code)
        }
        if response.isSuccess, let status = answer?.status, status != "SUCCESS" {
            let fix = switch status {
            case "LOCKED_OUT": "Unlock the Okta account of okta.username."
            case "PASSWORD_EXPIRED", "PASSWORD_WARN", "PASSWORD_RESET":
                "Change the password of okta.username in Okta, then update okta.password (passwordFile/passwordCredential)."
            default:
                "Use an Okta account for Steward that signs in with a password alone (MFA and other factors are not supported), e.g. through an Okta sign-on policy."
            }
            return FederationError(stage: .oktaAuthentication,
                                   message: "Okta answered with status \(ServerText.clip(status, limit: 60)), which needs an interactive step Steward does not support.",
                                   fix: fix, code: status)
        }
        let fix = response.status == 404 ? "Check okta.idpHost: it must be the Okta org's host, such as example.okta.com." : credentialsFix
        return FederationError(stage: .oktaAuthentication,
                               message: "Okta answered HTTP \(response.status)\(summary.map { " (\($0))" } ?? "") without a session token.",
                               fix: fix, code: code)
    }
}

/// The body of `POST /api/v1/authn`.
private struct AuthnRequest: Encodable {
    var username: String
    var password: String
}

/// The parts of Okta's authentication answer the login reads.
private struct AuthnResponse: Decodable {
    var status: String?
    var sessionToken: String?
    var errorCode: String?
    var errorSummary: String?
}
