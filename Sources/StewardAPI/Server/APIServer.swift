import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP API's listeners, as services for the daemon's `ServiceGroup`: one Hummingbird
/// application per address, sharing the routes (plain HTTP on unix sockets; TLS on TCP when
/// configured, which any address other than loopback requires).
package enum APIServer {
    /// Builds the services; refuses settings that cannot work (unreadable TLS files, a socket
    /// path in use). Addresses are bound when the services run.
    package static func services(settings: APISettings, routes: APIRoutes, logger: Logger) throws(APIConfigurationError) -> [any Service] {
        let tls = try settings.tls.map(TLSSetup.configuration)
        let limits = settings.limits
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestDeadlines(limits: limits)])
        var services: [any Service] = []
        for address in settings.listen {
            let bind: BindAddress
            var server: HTTPServerBuilder = .http1(configuration: http1)
            switch address {
            case .unix(let path):
                try UnixSocketPath.prepare(path)
                bind = .unixDomainSocket(path: path)
            case .tcp(let host, let port):
                bind = .hostname(host, port: port)
                if let tls {
                    do {
                        server = try .tls(.http1(configuration: http1), tlsConfiguration: tls)
                    } catch {
                        throw APIConfigurationError("api: cannot set up TLS: \(error)")
                    }
                }
            }
            let secure = tls != nil && !isUnix(address)
            services.append(Application(
                router: routes.router(local: address.isLoopback),
                server: server,
                configuration: ApplicationConfiguration(
                    address: bind, serverName: "steward", availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections)),
                onServerRunning: { channel in
                    logger.notice("HTTP API listening", metadata: [
                        "steward.event": "api-listening", "steward.address": "\(address)",
                        "steward.port": "\(channel.localAddress?.port.map(String.init) ?? "-")", "steward.tls": "\(secure)",
                    ])
                },
                logger: logger))
        }
        return services
    }

    static func isUnix(_ address: ListenAddress) -> Bool {
        if case .unix = address { return true }
        return false
    }
}
