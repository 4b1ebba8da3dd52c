/// The API's settings cannot work: the daemon refuses to start and prints this.
package struct APIConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
