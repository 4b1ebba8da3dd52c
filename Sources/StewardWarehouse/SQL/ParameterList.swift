/// `$1, $2, …` for an `IN (...)` list: arrays as parameters are PostgreSQL-only, while a list of
/// placeholders reads the same on Redshift.
enum ParameterList {
    /// `count` placeholders numbered from `from` (at least one, `NULL` for an empty list).
    static func placeholders(_ count: Int, from first: Int = 1) -> String {
        guard count > 0 else { return "NULL" }
        return (first..<(first + count)).map { "$\($0)" }.joined(separator: ", ")
    }
}
