import Foundation
import StewardSpec
import StewardStore

/// One integration as `GET /integrations/{id}` returns it and `steward get` prints it: the
/// product API's GET shape (`id` as a string, `status`, `validationResults`, `type`,
/// `autoBootstrap`, `config` with secrets and user names `<REDACTED>`), followed by Steward's
/// own fields.
package struct IntegrationView: Encodable, Sendable {
    package var id: String
    package var status: IntegrationStatus
    package var validationResults: ValidationResults?
    package var type: String
    package var autoBootstrap: Bool
    package var config: RedactedSpec.Config?
    // Steward's extensions.
    package var name: String
    package var deletionPolicy: DeletionPolicy
    package var systemAccount: String
    package var lastError: String?
    package var specErrors: [String]?
    package var attempts: Int
    package var nextAttemptAt: Date?
    package var createdAt: Date
    package var updatedAt: Date

    /// - Parameter requestSecrets: the folder of passwords sent in API request bodies
    ///   (`StatusStore.requestSecretsDirectory`): a `passwordFile` there was an inline password
    ///   of a request and is shown as one, `<REDACTED>`.
    package init(_ record: IntegrationRecord, requestSecrets: URL?) {
        id = record.displayID
        status = record.status
        validationResults = record.validationResults
        let spec = (record.desiredConfig ?? record.appliedConfig).flatMap {
            try? JSONDecoder().decode(RedactedSpec.self, from: Data($0.utf8))
        }
        type = spec?.type ?? "Redshift"
        autoBootstrap = spec?.autoBootstrap ?? record.autoBootstrap
        config = spec.map { Self.redactNames(Self.hideRequestSecrets($0.config, requestSecrets)) }
        name = record.name
        deletionPolicy = record.deletionPolicy
        systemAccount = record.systemUser
        lastError = record.lastError
        specErrors = record.specErrors
        attempts = record.attempts
        nextAttemptAt = record.nextAttemptAt
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }

    /// The API shows user names as `<REDACTED>` too.
    static func redactNames(_ config: RedactedSpec.Config) -> RedactedSpec.Config {
        var config = config
        if config.username != nil { config.username = Secret.redacted }
        if var okta = config.okta {
            okta.username = Secret.redacted
            config.okta = okta
        }
        return config
    }

    /// A password the API took out of a request body is shown as the inline password it was.
    static func hideRequestSecrets(_ config: RedactedSpec.Config, _ folder: URL?) -> RedactedSpec.Config {
        guard let folder else { return config }
        let prefix = folder.standardizedFileURL.path + "/"
        var config = config
        if config.passwordFile?.hasPrefix(prefix) == true {
            config.passwordFile = nil
            config.password = Secret.redacted
        }
        if var okta = config.okta, okta.passwordFile?.hasPrefix(prefix) == true {
            okta.passwordFile = nil
            okta.password = Secret.redacted
            config.okta = okta
        }
        return config
    }

    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    package static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
