import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// One request on one libcurl easy handle, run to completion on the calling thread.
///
/// Used by `CurlHTTPClient` on its queue only: it is created, run and released by one closure,
/// so it needs no locking. libcurl's callbacks reach it through an unretained pointer that is
/// valid for the whole `run()`.
final class CurlTransfer {
    private let request: HTTPRequest
    private let options: CurlTransferOptions
    private let cancellation: CancellationFlag
    private var body: [UInt8] = []
    private var headers: [String: String] = [:]
    private var exceededLimit = false

    init(request: HTTPRequest, options: CurlTransferOptions, cancellation: CancellationFlag) {
        self.request = request
        self.options = options
        self.cancellation = cancellation
    }

    private var host: String { request.endpoint.host }

    func run() -> Result<HTTPResponse, HTTPTransportError> {
        guard !cancellation.isCancelled else { return .failure(.cancelled(host: host)) }
        CurlGlobal.initialize()
        guard let handle = curl_easy_init() else {
            return .failure(.failed(host: host, detail: "libcurl could not create a transfer"))
        }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        // "Name:" with nothing after the colon removes a header libcurl would add: no
        // "Expect: 100-continue" round trip before a SAML-sized body.
        for header in request.headers + [HTTPHeader("Expect", "")] {
            headerList = curl_slist_append(headerList, header.value.isEmpty ? "\(header.name):" : "\(header.name): \(header.value)")
        }
        defer { curl_slist_free_all(headerList) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        configure(handle, errorBuffer: errorBuffer, headerList: headerList, context: context)

        var url = request.url
        var method = request.method
        var hops = 0
        while true {
            setTarget(handle, url: url, method: method)
            body.removeAll(keepingCapacity: true)
            headers.removeAll()
            errorBuffer[0] = 0
            let code = curl_easy_perform(handle)
            guard code == CURLE_OK else { return .failure(error(for: code, detail: String(cString: errorBuffer))) }
            var status = 0
            _ = steward_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
            guard (300..<400).contains(status), case .sameOrigin(let limit) = request.redirects,
                  let location = redirectURL(handle) else {
                return .success(HTTPResponse(status: status, headers: headers, body: body))
            }
            guard let target = RedirectTarget(location), target.origin == request.endpoint.origin else {
                return .failure(.redirectRefused(host: host, target: RedirectTarget.hostName(of: location)))
            }
            hops += 1
            guard hops <= limit else { return .failure(.tooManyRedirects(host: host)) }
            url = location
            if status != 307 && status != 308 { method = .get }
        }
    }

    /// Options that stay the same for every hop.
    private func configure(_ handle: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>,
                           headerList: UnsafeMutablePointer<curl_slist>?, context: UnsafeMutableRawPointer) {
        _ = steward_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = steward_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = steward_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = steward_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        _ = steward_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = steward_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        _ = steward_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.timeouts.connectMilliseconds)
        _ = steward_curl_set_long(handle, CURLOPT_TIMEOUT_MS, request.timeouts.totalMilliseconds)
        _ = steward_curl_set_string(handle, CURLOPT_PROXY, options.proxy ?? "")
        if let caBundlePath = options.caBundlePath {
            _ = steward_curl_set_string(handle, CURLOPT_CAINFO, caBundlePath)
        }
        _ = steward_curl_set_string(handle, CURLOPT_USERAGENT, "steward-federation/1")
        // In-memory cookies: Okta's same-origin redirects carry a session cookie.
        _ = steward_curl_set_string(handle, CURLOPT_COOKIEFILE, "")
        _ = steward_curl_set_list(handle, CURLOPT_HTTPHEADER, headerList)

        _ = steward_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = steward_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        _ = steward_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = steward_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        // Sockets close on exec, so a child the process spawns meanwhile holds no connection open.
        _ = steward_curl_set_open_socket_callback(handle) { _, _, address in
            guard let address else { return -1 }
            return socket(address.pointee.family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
        }
        _ = steward_curl_set_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = steward_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        _ = steward_curl_set_progress_callback(handle) { context, _, _, _, _ in
            guard let context else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().cancellation.isCancelled ? 1 : 0
        }
    }

    /// The URL, method and body of one hop.
    private func setTarget(_ handle: UnsafeMutableRawPointer, url: String, method: HTTPRequest.Method) {
        _ = steward_curl_set_string(handle, CURLOPT_URL, url)
        switch method {
        case .get:
            _ = steward_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        case .post:
            _ = steward_curl_set_long(handle, CURLOPT_POST, 1)
            _ = steward_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count)
            // COPYPOSTFIELDS copies the bytes, so they need not outlive this call.
            var bytes = request.body
            bytes.append(0)
            _ = bytes.withUnsafeMutableBytes { steward_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) }
        }
    }

    private func redirectURL(_ handle: UnsafeMutableRawPointer) -> String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard steward_curl_get_string(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard body.count + chunk.count <= options.responseLimit else {
            exceededLimit = true
            return 0
        }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    private func receiveHeader(_ line: UnsafeRawBufferPointer) {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            headers.removeAll()
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].trimmingWhitespace().lowercased()
        headers[name] = text[text.index(after: colon)...].trimmingWhitespace()
    }

    private func error(for code: CURLcode, detail: String) -> HTTPTransportError {
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectionFailed(host: host, detail: reason)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(host: host, detail: reason)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tlsFailed(host: host, detail: reason)
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled(host: host)
        case CURLE_WRITE_ERROR where exceededLimit:
            return .responseTooLarge(host: host, limit: options.responseLimit)
        default:
            return .failed(host: host, detail: reason)
        }
    }
}
