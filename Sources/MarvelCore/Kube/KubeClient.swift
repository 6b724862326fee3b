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
/// JSON reads with retries, paginated lists and typed node/pod lists.
/// Thread-safe; copies share the same connection pool.
public struct KubeClient: Sendable {
    public let target: KubeTarget
    public var retry: RetryPolicy
    /// Items per page when listing.
    public var pageSize: Int
    let transport: any HTTPTransport

    /// A client over libcurl with the target's TLS material (5 s connect, 30 s total timeouts).
    public init(target: KubeTarget, http: HTTPClient? = nil) {
        self.init(target: target, transport: http ?? HTTPClient(tls: target.tls, connectTimeout: 5, timeout: 30))
    }

    /// A client over any transport (tests script answers and inject a sleeper through `retry`).
    public init(target: KubeTarget, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(), pageSize: Int = 500) {
        self.target = target
        self.transport = transport
        self.retry = retry
        self.pageSize = max(1, pageSize)
    }

    /// The full URL of an API path with an encoded, key-sorted query.
    public func url(_ path: String, query: [String: String] = [:]) -> String {
        var u = target.server + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty {
            u += "?" + query.keys.sorted().map { "\(Self.encode($0))=\(Self.encode(query[$0] ?? ""))" }.joined(separator: "&")
        }
        return u
    }

    /// Sends a request with the target's credentials and returns the 2xx response.
    /// GETs are retried on transport failures and 429/5xx answers per `retry`.
    public func send(
        _ method: HTTPMethod, _ path: String, query: [String: String] = [:], headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Double? = nil
    ) throws(KubeError) -> HTTPResponse {
        let u = url(path, query: query)
        var all = authHeaders()
        if !headers.contains(where: { $0.name.lowercased() == "accept" }) { all.append((name: "Accept", value: "application/json")) }
        all += headers
        let request = HTTPRequest(method: method, url: u, headers: all, body: body, timeout: timeout)
        let attempts = method == .get ? retry.maxAttempts : 1
        var attempt = 1
        while true {
            let response: HTTPResponse
            do {
                response = try transport.send(request)
            } catch {
                guard attempt < attempts, RetryPolicy.isRetryable(error) else {
                    throw .transport(error, server: target.server, context: target.contextName)
                }
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
            throw statusError(response, to: request)
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
            do {
                return try listPages(path, query: query)
            } catch let e where e.statusCode == 410 && !restarted {
                restarted = true
            }
        }
    }

    private func listPages(_ path: String, query: [String: String]) throws(KubeError) -> ObjectList {
        var items: [JSONValue] = []
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
            items += pageItems
            resourceVersion = page.at("metadata", "resourceVersion")?.stringValue ?? resourceVersion
            token = page.at("metadata", "continue")?.stringValue
            if token?.isEmpty == true { token = nil }
            pages += 1
            if pages > 100_000 {
                throw .invalidResponse(url: url(path, query: q), context: target.contextName, detail: "the list never ends (continue loop)")
            }
        } while token != nil
        return ObjectList(items: items, resourceVersion: resourceVersion)
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

    func authHeaders() -> [(name: String, value: String)] {
        switch target.auth {
        case .none: return []
        case .bearer(let token): return [(name: "Authorization", value: "Bearer \(token)")]
        case .basic(let user, let password):
            let encoded = Data("\(user):\(password)".utf8).base64EncodedString()
            return [(name: "Authorization", value: "Basic \(encoded)")]
        }
    }

    /// The error for a non-2xx answer; its text is scrubbed of the credentials the request carried.
    private func statusError(_ response: HTTPResponse, to request: HTTPRequest) -> KubeError {
        let method = request.method
        let url = request.url
        var reason: String?
        var message = ""
        if case .status(_, _, let r, let m) = HTTPError.fromResponse(to: request, response, tls: target.tls) {
            reason = r
            message = m
        }
        return .status(
            code: response.status, reason: reason, message: message, method: method.rawValue, url: url,
            context: target.contextName, user: target.userName)
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
