import Foundation

/// AWS and Okta times through Foundation's ISO 8601 format style (a value type: no locale, no
/// shared formatter state): `20150830T123600Z` for signing, ISO 8601 with or without a
/// fraction and with `Z` or an offset for `Expiration` values.
enum UTCTime {
    /// `yyyyMMdd'T'HHmmss'Z'` (SigV4's `X-Amz-Date`).
    static let amzStyle = Date.ISO8601FormatStyle(dateSeparator: .omitted, dateTimeSeparator: .standard,
                                                  timeSeparator: .omitted, timeZone: .gmt)
    static let wholeSeconds = Date.ISO8601FormatStyle()
    static let fractionalSeconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func amzDate(_ date: Date) -> String {
        amzStyle.format(date)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, as STS, Redshift and Okta write times.
    static func parseISO8601(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        return (try? wholeSeconds.parse(trimmed)) ?? (try? fractionalSeconds.parse(trimmed))
    }
}
