/// An error thrown by a caller's `update` closure, carried through a GRDB transaction so that
/// it rolls the transaction back and then reaches the caller unchanged (rather than being
/// classified as a database failure).
struct CallerError: Error {
    let wrapped: any Error

    /// Runs a caller's closure, marking what it throws.
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch { throw CallerError(wrapped: error) }
    }
}
