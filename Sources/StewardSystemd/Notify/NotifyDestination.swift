/// Where a ``SystemdNotifier`` sends its datagrams.
enum NotifyDestination: Sendable, Equatable {
    /// Nowhere: no `NOTIFY_SOCKET`.
    case disabled
    /// Through `sd_notify(3)`, which reads `NOTIFY_SOCKET` from the process environment.
    case libsystemd
    /// Directly to this socket address: an absolute path, or `@name` in the abstract namespace.
    case socket(String)

    /// The destination for a `NOTIFY_SOCKET` value taken from an injected environment.
    /// Anything but an absolute path or an abstract name (`@name`) disables notification,
    /// as `sd_notify(3)` itself refuses other forms.
    init(socket value: String?) {
        guard let value, value.count > 1, value.hasPrefix("/") || value.hasPrefix("@") else {
            self = .disabled
            return
        }
        self = .socket(value)
    }
}
