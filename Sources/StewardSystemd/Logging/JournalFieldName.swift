/// Journal field names for swift-log metadata keys.
///
/// journald accepts field names of at most 64 characters from `[A-Z0-9_]` that start with
/// neither `_` (reserved for fields journald itself adds) nor a digit; it drops other fields.
/// A metadata key becomes a field by upper-casing it and turning `.` and `-` (and anything else
/// outside `[A-Z0-9_]`) into `_`. Every field lives in Steward's own namespace: a key that does
/// not already start with `steward.` gets the prefix `STEWARD_`. So
/// `steward.integration` → `STEWARD_INTEGRATION`, `error.code` → `STEWARD_ERROR_CODE`, and no
/// metadata can overwrite `MESSAGE`, `PRIORITY` or any other field with a meaning of its own.
package enum JournalFieldName {
    /// The longest field name journald accepts.
    package static let maximumLength = 64

    /// The prefix of every field derived from metadata.
    package static let prefix = "STEWARD"

    /// The journal field name for the metadata key `key`.
    package static func forMetadataKey(_ key: String) -> String {
        var name = ""
        for scalar in key.uppercased().unicodeScalars {
            switch scalar {
            case "A"..."Z", "0"..."9", "_": name.unicodeScalars.append(scalar)
            default: name.append("_")
            }
        }
        if name != prefix && !name.hasPrefix(prefix + "_") {
            name = name.isEmpty ? prefix : prefix + "_" + name
        }
        return String(name.prefix(maximumLength))
    }
}
