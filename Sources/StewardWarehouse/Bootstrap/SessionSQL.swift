/// The texts a bootstrap sends on every engine before it knows which one it talks to, and
/// around the steps it runs as one transaction. Pinned for Redshift in
/// `Golden/session.redshift.sql`: `VERSION()`
/// (https://docs.aws.amazon.com/redshift/latest/dg/r_VERSION.html), `BEGIN`
/// (https://docs.aws.amazon.com/redshift/latest/dg/r_BEGIN.html), `COMMIT`
/// (https://docs.aws.amazon.com/redshift/latest/dg/r_COMMIT.html), `ROLLBACK`
/// (https://docs.aws.amazon.com/redshift/latest/dg/r_ROLLBACK.html).
package enum SessionSQL {
    package static let version = "SELECT version() AS version"
    package static let begin = "BEGIN"
    package static let commit = "COMMIT"
    package static let rollback = "ROLLBACK"

    /// `statements` as one transaction: `BEGIN`, the statements, `COMMIT` (sent as one pipeline
    /// by `Bootstrapper.runInTransaction`).
    package static func transaction(_ statements: [SQLStatement]) -> [SQLStatement] {
        [SQLStatement(begin)] + statements + [SQLStatement(commit)]
    }

    /// Every text, by name (pinned by golden files).
    package static var queryTexts: [(String, String)] {
        [("engine and version", version), ("begin", begin), ("commit", commit), ("rollback", rollback)]
    }
}
