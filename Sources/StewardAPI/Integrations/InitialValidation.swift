import StewardReconciler
import StewardSpec
import StewardWarehouse

/// The validation tests a `POST` or `PUT` runs before anything is written, as the seed's API
/// does: the answer carries them, and a failed test refuses the request (400) with nothing kept.
///
/// - automatic setup: the bootstrap's own validation, as a dry run (`IntegrationReconciler.plan`):
///   basic connection as the privileged account, database, grants, system account and
///   impersonation role, all read-only;
/// - manual setup: the basic connection test, as the system account the scripts created;
/// - Okta: not signed in here (the daemon does it); reported as `skipped`.
struct InitialValidation: Sendable {
    let reconciler: IntegrationReconciler

    func run(name: String, spec: IntegrationSpec) async -> ValidationResults {
        let config = spec.config
        if config.authenticationType == .okta {
            return ValidationResults(validationTests: [ValidationTest(
                name: ValidationTestName.basicConnection, status: .skipped,
                message: "Okta sign-in is not tried by the API; the daemon signs in when it applies the spec, and its status says how that went")])
        }
        if spec.autoBootstrap {
            let preview = await reconciler.plan(name: name, spec: spec)
            var results = preview.validationResults
            if let error = preview.error, results.failedTests.isEmpty {
                let test = results.validationTests.isEmpty ? ValidationTestName.basicConnection : "Initial Validation: Dry Run"
                results.validationTests.append(ValidationTest(name: test, status: .failed, message: error))
                results.status = .failed
            }
            return results
        }
        return await manualConnection(spec)
    }

    /// Logs in as the manual setup's system account to the managed database.
    func manualConnection(_ spec: IntegrationSpec) async -> ValidationResults {
        let config = spec.config
        let password: Secret
        do {
            guard let source = config.password else {
                return Self.failed("config.password: missing; give the system account's password")
            }
            password = try reconciler.resolver.resolve(source)
        } catch {
            return Self.failed("config.password: \(error)")
        }
        let login = ConnectionParameters(
            host: config.host, port: config.port, database: config.database, user: config.username ?? "", password: password,
            sslMode: config.sslMode, sslRootCert: config.sslRootCert, connectTimeout: config.connectTimeout, applicationName: "steward/api")
        do {
            let connection = try await PGConnection.connect(login)
            let dialect = connection.serverDialect
            connection.close()
            return ValidationResults(validationTests: [ValidationTest(name: ValidationTestName.basicConnection, status: .passed, result: [dialect.rawValue])])
        } catch {
            return Self.failed("could not log in as \(login.user) to database \(config.database) on \(config.host):\(config.port): \(error). "
                + "Run the initial-create and create scripts (POST /integrations/scripts/initial-create and /scripts/create) first")
        }
    }

    static func failed(_ message: String) -> ValidationResults {
        ValidationResults(validationTests: [ValidationTest(name: ValidationTestName.basicConnection, status: .failed, message: message)])
    }
}
