import CCurl

/// A thread-safe HTTP(S) client over libcurl's easy API. Copies share a pool
/// of idle handles, so consecutive requests reuse connections. Only
/// `HTTPError` is thrown; headers (which carry tokens) are never logged.
/// HTTP/2 is negotiated over TLS where the server offers it; answers may be
/// gzip-compressed (decoded here).
public struct HTTPClient: Sendable {
    public let tls: TLSOptions
    /// Seconds allowed for name resolution plus the TCP/TLS connect.
    public let connectTimeout: Double
    /// Seconds allowed for a whole request unless `HTTPRequest.timeout` says otherwise; 0 = none.
    public let timeout: Double
    public let userAgent: String
    /// Largest body `send` collects; a bigger answer fails instead of filling memory.
    /// Streams hand pieces on and are not limited.
    public let maxResponseBytes: Int
    /// Counts requests and received bytes when given (the bench's bytes per minute).
    public let statistics: TransferStatistics?
    private let pool = CurlHandlePool()

    public init(
        tls: TLSOptions = TLSOptions(), connectTimeout: Double = 5, timeout: Double = 30,
        userAgent: String = "marvdash/\(MarvelCore.version)", maxResponseBytes: Int = 256 << 20,
        statistics: TransferStatistics? = nil
    ) {
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.userAgent = userAgent
        self.maxResponseBytes = max(0, maxResponseBytes)
        self.statistics = statistics
    }

    /// Sends a request and returns the response for ANY status (transport failures throw HTTPError).
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let sink = TransferSink(bodyLimit: maxResponseBytes, statistics: statistics)
        let status = try perform(request, sink: sink)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    /// Streams a 2xx body to `onData` (see `HTTPTransport`); any other status comes
    /// back with its body collected (up to 64 KiB).
    public func send(
        _ request: HTTPRequest, cancel: CancelFlag?, streamingTo onData: (ArraySlice<UInt8>) -> Bool
    ) throws(HTTPError) -> HTTPResponse {
        let result: Result<HTTPResponse, HTTPError> = withoutActuallyEscaping(onData) { consumer in
            let sink = TransferSink(onData: consumer, cancel: cancel, statistics: statistics)
            do throws(HTTPError) {
                let status = try perform(request, sink: sink)
                return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Runs one transfer into `sink` and returns the final status.
    private func perform(_ request: HTTPRequest, sink: TransferSink) throws(HTTPError) -> Int {
        guard let target = RequestTarget(url: request.url, serverName: tls.serverName) else {
            throw .invalidURL(request.url)
        }
        guard let handle = pool.acquire() else {
            throw .transport(url: request.url, detail: "libcurl could not be initialised")
        }
        defer { pool.release(handle) }
        let easy = handle.raw
        statistics?.requestStarted()

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CCURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CCURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }

        var options = CurlOptions(easy: easy)
        options.configure(request: request, target: target, client: self)
        options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        defer { options.freeLists() }

        let context = Unmanaged.passUnretained(sink).toOpaque()
        options.installCallbacks(context: context, watchCancel: sink.watchesCancel)

        let code = withExtendedLifetime(sink) { curl_easy_perform(easy) }

        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        if sink.stoppedByCaller { return status }
        if sink.cancelled { throw .cancelled(url: request.url) }
        if sink.bodyTooLarge { throw .responseTooLarge(url: request.url, limit: maxResponseBytes) }
        guard code == CURLE_OK else {
            var osErrno = 0
            _ = ccurl_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno)
            let failure = CurlFailure(code: code, message: String(cString: errorBuffer), osErrno: osErrno)
            if let mismatch = SchemeMismatch.check(failure, url: request.url, connectTimeout: connectTimeout) {
                throw mismatch
            }
            throw failure.error(
                url: request.url, host: target.host, connectTimeout: connectTimeout,
                totalTimeout: totalTimeout(for: request))
        }
        if status == 400, let mismatch = SchemeMismatch.check(plainAnswer: sink.body, url: request.url) { throw mismatch }
        return status
    }

    /// The total timeout that applies to `request` (seconds, 0 = none).
    func totalTimeout(for request: HTTPRequest) -> Double {
        max(0, request.timeout ?? timeout)
    }
}
