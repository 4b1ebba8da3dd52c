import Foundation
import StewardSpec
import StewardStore

/// One integration as `steward get` prints it: the product API's GET shape (`id` as a string,
/// `status`, `validationResults`, `type`, `autoBootstrap`, `config` with secrets and user names
/// `<REDACTED>`), followed by Steward's own fields.
struct IntegrationView: Encodable {
    var id: String
    var status: IntegrationStatus
    var validationResults: ValidationResults?
    var type: String
    var autoBootstrap: Bool
    var config: RedactedSpec.Config?
    // Steward's extensions.
    var name: String
    var deletionPolicy: DeletionPolicy
    var systemAccount: String
    var lastError: String?
    var specErrors: [String]?
    var attempts: Int
    var nextAttemptAt: Date?
    var createdAt: Date
    var updatedAt: Date

    init(_ record: IntegrationRecord) {
        id = record.displayID
        status = record.status
        validationResults = record.validationResults
        let spec = (record.desiredConfig ?? record.appliedConfig).flatMap {
            try? JSONDecoder().decode(RedactedSpec.self, from: Data($0.utf8))
        }
        type = spec?.type ?? "Redshift"
        autoBootstrap = spec?.autoBootstrap ?? record.autoBootstrap
        config = spec.map { Self.redactNames($0.config) }
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

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }
}
