import CCurl
import Dispatch
import Synchronization

/// The HTTP client of the federated login: libcurl's blocking easy interface, run on a dispatch
/// queue of its own and offered as async.
///
/// Each transfer gets a private serial queue. Serial queues draw on libdispatch's overcommitting
/// thread pool, so a transfer that blocks for its whole timeout never holds up another one (a
/// shared concurrent queue would run no more transfers at once than there are cores).
///
/// Every request has connect and total time limits, verifies TLS certificates and host names,
/// follows no redirect unless asked and then only on the same origin, and caps the answer's
/// size. Proxies come only from `proxy`; libcurl's own reading of `https_proxy` and friends is
/// turned off so that the process environment does not silently reroute credentials.
package final class CurlHTTPClient: HTTPClient {
    /// One client for the process.
    package static let shared = CurlHTTPClient()

    private let options: CurlTransferOptions

    /// - Parameters:
    ///   - proxy: a proxy URL for every request, or nil for direct connections.
    ///   - caBundlePath: a PEM file of trusted CAs instead of the system's.
    ///   - responseLimit: the largest answer body accepted, in bytes.
    package init(proxy: String? = nil, caBundlePath: String? = nil, responseLimit: Int = 4 << 20) {
        CurlGlobal.initialize()
        options = CurlTransferOptions(proxy: proxy, caBundlePath: caBundlePath, responseLimit: responseLimit)
    }

    package func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let cancellation = CancellationFlag()
        let queue = DispatchQueue(label: "steward.federation.http")
        let options = self.options
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, HTTPTransportError>, Never>) in
                queue.async {
                    let transfer = CurlTransfer(request: request, options: options, cancellation: cancellation)
                    continuation.resume(returning: transfer.run())
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }
}

/// Settings shared by every transfer of one client.
struct CurlTransferOptions: Sendable {
    var proxy: String?
    var caBundlePath: String?
    var responseLimit: Int
}

/// Set when the task that waits for a transfer is cancelled; the transfer's progress callback
/// reads it and aborts.
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)
    func cancel() { state.store(true, ordering: .relaxed) }
    var isCancelled: Bool { state.load(ordering: .relaxed) }
}

/// `curl_global_init`, once per process, before any handle exists.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func initialize() {
        _ = initialized
    }
}
