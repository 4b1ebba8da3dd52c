import Foundation
import StewardReconciler
import StewardSpec
import StewardStore
import StewardWarehouse

extension IntegrationService {
    static let credentialsRequired = "Integrations that are automatically configured require privileged credentials to disable. "
        + "Please provide them in your payload."
    static let credentialsNotRequired = "Credentials are not required for disable unless the integration was configured automatically. "
        + "Send the request without a payload."

    /// `DELETE /integrations/{id}`: remove the spec file; the daemon deletes (or, with
    /// `deletionPolicy: Retain`, forgets) the integration. Credentials in the body are checked,
    /// kept as a one-time secret for that deletion only (`SecretKeeping`), and removed when it ends.
    package func delete(_ id: String, body data: Data) async throws(APIError) -> ChangeResponse {
        try requireLeader()
        let current = try await record(id)
        guard current.isActive else {
            throw APIError(.conflict, "Unable to delete integration with ID \(current.displayID) in current state \(current.status.rawValue).")
        }
        let credentials = try DeletionCredentials.parse(data)
        let drops = try await dropsObjects(current)
        var results = ValidationResults(validationTests: [])
        if !current.autoBootstrap, credentials != nil {
            throw APIError(.badRequest, Self.credentialsNotRequired)
        }
        if drops {
            if let credentials {
                results = try await checkDeletionCredentials(credentials, for: current)
            } else if !hasUsableReference(current) {
                throw APIError(.badRequest, Self.credentialsRequired)
            }
        }

        let record = try await commits.run { () async throws(APIError) -> IntegrationRecord in
            do {
                if drops, let credentials {
                    try await reconciler.secrets.writeDeletionCredential(uid: current.uid, secret: credentials.password)
                }
                // The file goes first, then `deleting` is recorded — for every setup, manual and
                // Retain too, as the response says. A deletion under way is not held back by the
                // removal grace period, and a worker that reads the record in between finds the
                // file already gone (never a `deleting` record with its file still present, which
                // it would take for a file that came back).
                try removeSpecFiles(current.name)
                return try await reconciler.admitDeletion(current, message: "deleted through the HTTP API")
            } catch let error as APIError {
                throw error
            } catch let refused as AdmissionRefused {
                throw APIError(.conflict, "Unable to delete integration with ID \(current.displayID) in current state \(refused.status.rawValue).")
            } catch {
                throw storeFailure(error)
            }
        }
        // The file may have been gone already (a deleteError waiting for credentials): ask.
        await daemon?.requestReconcile(current.name)
        logger.notice("\(current.name): spec removed through the HTTP API", metadata: [
            "steward.integration": "\(current.name)", "steward.integration_id": "\(current.displayID)", "steward.event": "api-delete",
        ])
        let shown = results.validationTests.isEmpty ? (current.validationResults ?? results) : results
        return ChangeResponse(id: record.displayID, status: .deleting, validationResults: shown)
    }

    /// Whether removing the file makes the reconciler drop objects (and so need the privileged
    /// account): automatic setup, `deletionPolicy: Delete`, and something was made.
    func dropsObjects(_ record: IntegrationRecord) async throws(APIError) -> Bool {
        guard record.autoBootstrap, record.deletionPolicy == .delete else { return false }
        if record.appliedDigest != nil { return true }
        do {
            return try await !store.ownedObjects(integrationId: record.id).isEmpty
        } catch {
            throw storeFailure(error)
        }
    }

    /// A recorded `passwordFile`/`passwordCredential` that still resolves (not one of the API's
    /// own request files, which are gone once the integration was created).
    func hasUsableReference(_ record: IntegrationRecord) -> Bool {
        guard let reference = record.credentialReference else { return false }
        return (try? reconciler.resolver.resolve(reference.source)) != nil
    }

    /// The credentials must be the configured account's and must log in (through Okta for an
    /// Okta integration): the login and the basic connection test, run now, so that a wrong
    /// password is a 400 rather than a `deleteError` later.
    func checkDeletionCredentials(_ credentials: DeletionCredentials, for record: IntegrationRecord) async throws(APIError) -> ValidationResults {
        guard let config = (record.appliedConfig ?? record.desiredConfig)
            .flatMap({ try? JSONDecoder().decode(RedactedSpec.self, from: Data($0.utf8)) })?.config else {
            throw APIError(.conflict, "the recorded configuration of integration \(record.displayID) cannot be read")
        }
        guard credentials.authenticationType == config.authenticationType else {
            throw APIError(.badRequest, "authenticationType: integration \(record.displayID) was configured with "
                + "\(config.authenticationType.rawValue) credentials; give those (authenticationType: \(config.authenticationType.rawValue))")
        }
        let configured = config.authenticationType == .okta ? config.okta?.username : config.username
        if let configured, configured != credentials.username {
            let field = config.authenticationType == .okta ? "okta.username" : "username"
            throw APIError(.badRequest, "\(field): integration \(record.displayID) was configured with another account; "
                + "give the credentials used to configure it")
        }
        // With Okta the password is Okta's: the federated login (Okta, SAML, STS,
        // GetClusterCredentials) turns it into a database login, as the deletion itself will.
        var tests: [ValidationTest] = []
        let user: String
        let password: Secret
        switch await reconciler.privilegedLogin(IntegrationReconciler.loginSettings(config, password: .inline(credentials.password))) {
        case .success(let login, let secret, let loginTests):
            user = login ?? credentials.username
            password = secret
            tests = loginTests
        case .failure(let loginTests, _, let message):
            throw APIError(.badRequest, message, validationResults: ValidationResults(validationTests: loginTests))
        }
        let parameters = ConnectionParameters(
            host: config.host, port: config.port, database: config.initialDatabase ?? config.database, user: user,
            password: password, sslMode: config.sslMode, sslRootCert: config.sslRootCert,
            connectTimeout: config.connectTimeout, applicationName: "steward/api")
        do {
            let connection = try await PGConnection.connect(parameters)
            let dialect = connection.serverDialect
            connection.close()
            return ValidationResults(validationTests: tests + [
                ValidationTest(name: ValidationTestName.basicConnection, status: .passed, result: [dialect.rawValue]),
            ])
        } catch {
            let results = ValidationResults(validationTests: tests + [
                ValidationTest(name: ValidationTestName.basicConnection, status: .failed, message: "\(error)"),
            ])
            throw APIError(.badRequest, "\(ValidationTestName.basicConnection) failed: \(error)", validationResults: results)
        }
    }

    /// Removes every file that defines `name` (normally one; none if it is gone already).
    func removeSpecFiles(_ name: String) throws {
        switch try folder.locate(name) {
        case .missing: return
        case .file(let path): try AtomicFile.remove(path)
        case .ambiguous(let paths): for path in paths { try AtomicFile.remove(path) }
        }
    }
}
