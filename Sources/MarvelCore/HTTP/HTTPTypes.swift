/// An HTTP method the client can send.
public enum HTTPMethod: String, Sendable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD"
}

/// One outgoing HTTP request.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    /// Header fields in the order they are sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// Overrides the client's total timeout for this request (seconds); `nil` keeps the client's.
    /// Streaming requests (watch, log follow) set 0 for no total timeout.
    public var timeout: Double?
    /// A client certificate for this request instead of the client's own (exec credential plugins).
    public var clientIdentity: ClientIdentity?

    public init(
        method: HTTPMethod = .get, url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Double? = nil, clientIdentity: ClientIdentity? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.clientIdentity = clientIdentity
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// "GET https://host/path" with header names and redacted credential values, never a token.
    public var description: String {
        var text = "\(method.rawValue) \(SecretRedaction.url(url))"
        if !headers.isEmpty {
            let shown = headers.map { "\($0.name): \(SecretRedaction.headerValue(name: $0.name, value: $0.value))" }
            text += " [\(shown.joined(separator: ", "))]"
        }
        if let body { text += " (\(body.count) bytes)" }
        return text
    }
    public var debugDescription: String { "HTTPRequest(\(description))" }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}

/// A complete HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names are lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
