/// The HTTP operations `KubeClient` needs: a whole answer, or a body handed on
/// piece by piece (watches, log follows). `HTTPClient` provides both over
/// libcurl; tests substitute scripted transports (which get streaming for free
/// from `send`).
public protocol HTTPTransport: Sendable {
    /// Sends a request and returns the response for any status; transport failures throw.
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse

    /// Sends a request and hands a 2xx body to `onData` as it arrives (return false
    /// to stop; the call then returns normally); an empty piece comes first, as soon as
    /// the 2xx headers are in (a watch that sends nothing for minutes is open). The response comes back with an
    /// empty body for 2xx and with the body (up to 64 KiB) for any other status, so
    /// callers see its headers (Retry-After) as with `send`. `cancel` stops the
    /// transfer from another thread (it then throws `.cancelled`).
    func send(
        _ request: HTTPRequest, cancel: CancelFlag?, streamingTo onData: (ArraySlice<UInt8>) -> Bool
    ) throws(HTTPError) -> HTTPResponse

    /// The TLS material requests carry (its client key is scrubbed from error text); nil when none.
    var sentTLS: TLSOptions? { get }
}

extension HTTPTransport {
    public var sentTLS: TLSOptions? { nil }

    /// A transport without real streaming: the whole body is fetched, then handed on at once.
    public func send(
        _ request: HTTPRequest, cancel: CancelFlag?, streamingTo onData: (ArraySlice<UInt8>) -> Bool
    ) throws(HTTPError) -> HTTPResponse {
        if cancel?.isCancelled == true { throw .cancelled(url: request.url) }
        var response = try send(request)
        guard (200..<300).contains(response.status), onData([]) else { return response }
        if !response.body.isEmpty { _ = onData(response.body[...]) }
        response.body = []
        return response
    }

    /// Streams the body of a 2xx answer to `onData` (body pieces only, never empty) and
    /// returns the status; any other status throws `.status` (with the Kubernetes Status
    /// message when the body is one). The total timeout applies as for `send`: endless
    /// streams (watch, log follow) set `request.timeout = 0`.
    @discardableResult
    public func stream(
        _ request: HTTPRequest, cancel: CancelFlag? = nil, onData: (ArraySlice<UInt8>) -> Bool
    ) throws(HTTPError) -> Int {
        let response = try send(request, cancel: cancel) { piece in piece.isEmpty || onData(piece) }
        guard (200..<300).contains(response.status) else { throw HTTPError.fromResponse(to: request, response, tls: sentTLS) }
        return response.status
    }
}

extension HTTPClient: HTTPTransport {
    public var sentTLS: TLSOptions? { tls }
}
