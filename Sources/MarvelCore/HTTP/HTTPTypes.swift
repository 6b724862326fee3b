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

    public init(
        method: HTTPMethod = .get, url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, timeout: Double? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
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

/// TLS material and checks for a connection. PEM bytes are handed to libcurl
/// as in-memory blobs: no temporary files.
public struct TLSOptions: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var caPEM: [UInt8]?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    /// Skip server certificate verification (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipVerify: Bool
    /// Name to verify the server certificate against (kubeconfig `tls-server-name`).
    public var serverName: String?

    public init(
        caPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil,
        insecureSkipVerify: Bool = false, serverName: String? = nil
    ) {
        self.caPEM = caPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
    }

    /// Says which material is present, never the bytes (a client key is a secret).
    public var description: String {
        var parts: [String] = []
        if caPEM != nil { parts.append("ca") }
        if clientCertificatePEM != nil { parts.append("client-certificate") }
        if clientKeyPEM != nil { parts.append("client-key") }
        if insecureSkipVerify { parts.append("insecure") }
        if let serverName { parts.append("server-name=\(serverName)") }
        return "TLSOptions(\(parts.joined(separator: ", ")))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}

/// What went wrong with a request, in words an operator can act on.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name could not be resolved.
    case nameResolution(host: String)
    /// TCP connect failed (refused, unreachable).
    case connect(url: String, detail: String)
    /// TLS handshake or certificate verification failed.
    case tls(url: String, detail: String)
    /// The connect or total timeout expired.
    case timeout(url: String, seconds: Double)
    /// The server answered with a non-2xx status. `message` is the Kubernetes
    /// Status message when the body was one, else a short excerpt of the body.
    case status(url: String, code: Int, reason: String?, message: String)
    /// The URL was malformed.
    case invalidURL(String)
    /// Anything else libcurl reported.
    case transport(url: String, detail: String)
    /// The caller's streaming callback asked to stop.
    case cancelled(url: String)

    public var description: String {
        switch self {
        case .nameResolution(let host): return "cannot resolve host \(host): check the server address and DNS"
        case .connect(let url, let detail): return "cannot connect to \(url): \(detail)"
        case .tls(let url, let detail): return "TLS error talking to \(url): \(detail)"
        case .timeout(let url, let s): return "request to \(url) timed out after \(formatSeconds(s))"
        case .status(let url, let code, let reason, let message):
            let r = reason.map { " \($0)" } ?? ""
            return "\(url): HTTP \(code)\(r): \(message)"
        case .invalidURL(let u): return "invalid URL '\(u)'"
        case .transport(let url, let detail): return "request to \(url) failed: \(detail)"
        case .cancelled(let url): return "request to \(url) was cancelled"
        }
    }
}

private func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
}
