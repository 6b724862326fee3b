import Foundation

/// A page-merged list answer: the items and the list's resourceVersion.
public struct ObjectList: Sendable {
    public var items: [JSONValue]
    public var resourceVersion: String
    public init(items: [JSONValue], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

/// A synchronous Kubernetes API client for one `KubeTarget`: authenticated
/// JSON reads with retries, paginated lists, streams (watch, logs) and typed
/// node/pod lists. Before each request it takes a token from a client-side rate
/// limit and asks its credential provider (a token file is re-read when it
/// changes, an exec plugin runs when its credential expired); a 401 renews the
/// credentials once. Reads get a short timeout and are not retried after one
/// (a server that does not answer in time will not answer a second try).
/// Thread-safe; copies share the connection pool, limiter, credentials and
/// discovery cache.
public struct KubeClient: Sendable {
    public let target: KubeTarget
    public var retry: RetryPolicy
    /// Items per page when listing.
    public var pageSize: Int
    public let options: KubeClientOptions
    let transport: any HTTPTransport
    let credentials: any CredentialProvider
    public let limiter: RateLimiter
    public let discovery: DiscoveryCache

    /// A client over libcurl with the target's TLS material and `options`' timeouts and limits.
    /// `terminal` lends the terminal to an exec plugin that prompts; `statistics` counts bytes.
    public init(
        target: KubeTarget, http: HTTPClient? = nil, options: KubeClientOptions = KubeClientOptions(),
        terminal: TerminalHandoff = TerminalHandoff(), statistics: TransferStatistics? = nil
    ) {
        let transport = http ?? HTTPClient(
            tls: target.tls, connectTimeout: options.connectTimeout, timeout: options.writeTimeout, statistics: statistics)
        self.init(
            target: target, transport: transport, pageSize: options.pageSize,
            credentials: CredentialProviders.provider(for: target.auth, terminal: terminal), options: options)
    }

    /// A client over any transport (tests script answers and inject a sleeper through `retry`).
    /// Without `credentials` the target's auth is used (an exec plugin never prompts then).
    public init(
        target: KubeTarget, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(), pageSize: Int = 500,
        credentials: (any CredentialProvider)? = nil, options: KubeClientOptions = KubeClientOptions()
    ) {
        self.target = target
        self.transport = transport
        self.retry = retry
        self.pageSize = max(1, pageSize)
        self.options = options
        self.credentials = credentials
            ?? CredentialProviders.provider(for: target.auth, terminal: TerminalHandoff(hasTerminal: false))
        limiter = RateLimiter(qps: options.qps, burst: options.burst)
        discovery = DiscoveryCache()
    }

    /// The full URL of an API path with an encoded, key-sorted query.
    public func url(_ path: String, query: [String: String] = [:]) -> String {
        var u = target.server + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty {
            u += "?" + query.keys.sorted().map { "\(Self.encode($0))=\(Self.encode(query[$0] ?? ""))" }.joined(separator: "&")
        }
        return u
    }

    /// The seconds a request of `method` may take when the caller names none.
    func defaultTimeout(_ method: HTTPMethod) -> Double {
        method == .get || method == .head ? options.readTimeout : options.writeTimeout
    }

    /// One exchange with the server: a rate-limit token, the credentials (renewed once
    /// after a 401), the request. Returns the response for any status; no retries.
    /// `onData` set: a 2xx body is streamed to it (watch, log follow) instead of collected.
    public func exchange(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Double? = nil, cancel: CancelFlag? = nil,
        onData: ((ArraySlice<UInt8>) -> Bool)? = nil
    ) throws(KubeError) -> HTTPResponse {
        try exchange(
            method, url: url(path, query: query), path: path, headers: headers, body: body, timeout: timeout, cancel: cancel,
            onData: onData)
    }

    /// Streams a GET of a full URL made by `url(_:query:)` (pod logs) to `onData`; see `exchange`.
    public func stream(
        url: String, accept: String, timeout: Double?, cancel: CancelFlag?, onData: (ArraySlice<UInt8>) -> Bool
    ) throws(KubeError) -> HTTPResponse {
        let path = String(url.dropFirst(target.server.count).prefix { $0 != "?" })
        let result: Result<HTTPResponse, KubeError> = withoutActuallyEscaping(onData) { consumer in
            Result { () throws(KubeError) in
                try exchange(
                    .get, url: url, path: path, headers: [(name: "Accept", value: accept)], body: nil, timeout: timeout,
                    cancel: cancel, onData: consumer)
            }
        }
        return try result.get()
    }

    private func exchange(
        _ method: HTTPMethod, url u: String, path: String, headers: [(name: String, value: String)], body: [UInt8]?,
        timeout: Double?, cancel: CancelFlag?, onData: ((ArraySlice<UInt8>) -> Bool)?
    ) throws(KubeError) -> HTTPResponse {
        var renewed = false
        while true {
            limiter.acquire()
            let used: RequestCredentials
            do {
                used = try credentials.credentials()
            } catch {
                throw .credentials(error, context: target.contextName)
            }
            var all = used.headers
            if !headers.contains(where: { $0.name.lowercased() == "accept" }) { all.append((name: "Accept", value: "application/json")) }
            all += headers
            let request = HTTPRequest(
                method: method, url: u, headers: all, body: body, timeout: timeout ?? defaultTimeout(method),
                clientIdentity: used.identity)
            let response: HTTPResponse
            do {
                if let onData {
                    response = try transport.send(request, cancel: cancel, streamingTo: onData)
                } else {
                    response = try transport.send(request)
                }
            } catch {
                throw .transport(error, server: target.server, context: target.contextName)
            }
            if response.status == 401, !renewed, credentials.renew(after: used) {
                renewed = true
                continue
            }
            if response.status == 404, KubernetesStatusBody.isMissingResource(response.body) { discovery.forget(pathUnder: path) }
            return response
        }
    }

    /// Sends a request with the target's credentials and returns the 2xx response.
    /// GETs are retried on connection failures and 429/5xx answers per `retry` (never
    /// after a timeout: the message then names the one timeout that applied).
    public func send(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Double? = nil
    ) throws(KubeError) -> HTTPResponse {
        let attempts = method == .get ? retry.maxAttempts : 1
        var attempt = 1
        while true {
            let response: HTTPResponse
            do {
                response = try exchange(method, path, query: query, headers: headers, body: body, timeout: timeout)
            } catch {
                guard attempt < attempts, case .transport(let cause, _, _) = error, RetryPolicy.isRetryable(cause) else { throw error }
                retry.sleep(retry.delay(afterAttempt: attempt, retryAfter: nil))
                attempt += 1
                continue
            }
            if (200..<300).contains(response.status) { return response }
            if attempt < attempts, RetryPolicy.isRetryable(status: response.status) {
                retry.sleep(retry.delay(afterAttempt: attempt, retryAfter: response.headers["retry-after"]))
                attempt += 1
                continue
            }
            throw statusError(response, method: method, url: url(path, query: query))
        }
    }

    /// GETs a path and parses the JSON answer.
    public func get(_ path: String, query: [String: String] = [:]) throws(KubeError) -> JSONValue {
        let response = try send(.get, path, query: query)
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw .invalidResponse(url: url(path, query: query), context: target.contextName, detail: "the body is not JSON (\(error))")
        }
    }

    /// Lists a collection, following `continue` tokens page by page (`limit` = `pageSize`).
    /// An expired continue token (410) restarts the list once.
    public func list(_ path: String, query: [String: String] = [:]) throws(KubeError) -> ObjectList {
        var restarted = false
        while true {
            var items: [JSONValue] = []
            do {
                let rv = try listPages(path, query: query) { page throws(KubeError) in items += page }
                return ObjectList(items: items, resourceVersion: rv)
            } catch let e where e.statusCode == 410 && !restarted {
                restarted = true
            }
        }
    }

    /// Lists a collection page by page: each page is parsed and handed to `onPage` before
    /// the next is asked for, so a caller that decodes items there never holds the whole
    /// list as JSON. Returns the list's resourceVersion.
    public func listPages(
        _ path: String, query: [String: String] = [:], onPage: ([JSONValue]) throws(KubeError) -> Void
    ) throws(KubeError) -> String {
        var resourceVersion = ""
        var token: String?
        var pages = 0
        repeat {
            var q = query
            q["limit"] = String(pageSize)
            if let token { q["continue"] = token }
            let page = try get(path, query: q)
            guard let pageItems = page["items"]?.arrayValue ?? (page["items"]?.isNull == true ? [] : nil) else {
                throw .invalidResponse(url: url(path, query: q), context: target.contextName, detail: "the answer has no items list")
            }
            resourceVersion = page.at("metadata", "resourceVersion")?.stringValue ?? resourceVersion
            token = page.at("metadata", "continue")?.stringValue
            if token?.isEmpty == true { token = nil }
            try onPage(pageItems)
            pages += 1
            if pages > 100_000 {
                throw .invalidResponse(url: url(path, query: q), context: target.contextName, detail: "the list never ends (continue loop)")
            }
        } while token != nil
        return resourceVersion
    }

    /// The server's gitVersion ("v1.30.2").
    public func serverVersion() throws(KubeError) -> String {
        let v = try get("/version")
        guard let git = v["gitVersion"]?.stringValue else {
            throw .invalidResponse(url: url("/version"), context: target.contextName, detail: "no gitVersion in the answer")
        }
        return git
    }

    /// Every node of the cluster.
    public func nodes() throws(KubeError) -> [Node] {
        try list("/api/v1/nodes", decodedBy: Node.init(json:))
    }

    /// The pods of one namespace, or of all namespaces when `namespace` is nil.
    public func pods(namespace: String? = nil) throws(KubeError) -> [Pod] {
        let path = namespace.map { "/api/v1/namespaces/\(Self.encode($0))/pods" } ?? "/api/v1/pods"
        return try list(path, decodedBy: Pod.init(json:))
    }

    /// Lists a collection and decodes every item; the first item that does not decode names the field.
    private func list<Item>(
        _ path: String, decodedBy decode: (JSONValue) throws(KubeDecodingError) -> Item
    ) throws(KubeError) -> [Item] {
        let list = try list(path)
        var out: [Item] = []
        out.reserveCapacity(list.items.count)
        for item in list.items {
            do { out.append(try decode(item)) } catch { throw .decoding(error, url: url(path)) }
        }
        return out
    }

    /// The error for a non-2xx `response` to `method` `url`: code, reason and message of its Status,
    /// scrubbed of the credentials the client sends (a server may echo them).
    public func statusError(_ response: HTTPResponse, method: HTTPMethod, url: String) -> KubeError {
        var reason: String?
        var message = ""
        if case .status(_, _, let r, let m) = HTTPError.fromResponse(url: url, response, sent: sentCredentials) {
            reason = r
            message = m
        }
        return .status(
            code: response.status, reason: reason, message: message, method: method.rawValue, url: url,
            context: target.contextName, user: target.userName)
    }

    /// The credentials requests carry now (header values, the client key), for scrubbing error text.
    public var sentCredentials: SentCredentials {
        let current = try? credentials.credentials()
        var tls = target.tls
        if let identity = current?.identity { tls.clientKeyPEM = identity.keyPEM }
        return SentCredentials(headers: current?.headers ?? [], tls: tls)
    }

    private static let unreserved: CharacterSet = {
        var s = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        s.insert(charactersIn: "-._~")
        return s
    }()

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s
    }
}
