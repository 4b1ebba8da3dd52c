import Logging

/// Metadata handling shared by Steward's log handlers.
enum LogMetadata {
    /// The metadata of one entry: the handler's own, then the metadata provider's, then the log
    /// call's, later ones winning for the same key.
    static func merged(
        handler: Logger.Metadata,
        provider: Logger.MetadataProvider?,
        event: Logger.Metadata?
    ) -> Logger.Metadata {
        var result = handler
        if let provided = provider?.get() {
            result.merge(provided) { _, new in new }
        }
        if let event {
            result.merge(event) { _, new in new }
        }
        return result
    }

    /// `value` as one string: strings as they are, arrays and dictionaries as JSON.
    static func flatText(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: JSONText.value(value)
        }
    }
}
