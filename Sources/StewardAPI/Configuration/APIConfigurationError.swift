/// The API's settings cannot work: the daemon refuses to start and prints this.
public struct APIConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
