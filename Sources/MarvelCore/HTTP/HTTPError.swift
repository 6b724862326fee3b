/// What went wrong with a request, in words an operator can act on.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
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
    /// A whole response body was larger than the client's `maxResponseBytes`.
    case responseTooLarge(url: String, limit: Int)
    /// The URL's scheme does not match what the server speaks (https to a plain-HTTP
    /// server or the other way round); `use` is the scheme and address to use instead.
    case schemeMismatch(url: String, serverSpeaks: String, use: String)

    /// One line; URLs appear without user-info or credential query values (see `SecretRedaction`).
    public var description: String {
        let show = SecretRedaction.url
        switch self {
        case .nameResolution(let host): return "cannot resolve host \(host): check the server address and DNS"
        case .connect(let url, let detail): return "cannot connect to \(show(url)): \(detail)"
        case .tls(let url, let detail): return "TLS error talking to \(show(url)): \(detail)"
        case .timeout(let url, let s): return "request to \(show(url)) timed out after \(formatSeconds(s))"
        case .status(let url, let code, let reason, let message):
            let r = reason.map { " \($0)" } ?? ""
            return "\(show(url)): HTTP \(code)\(r): \(message)"
        case .invalidURL(let u): return "invalid URL '\(show(u))'"
        case .transport(let url, let detail): return "request to \(show(url)) failed: \(detail)"
        case .cancelled(let url): return "request to \(show(url)) was cancelled"
        case .responseTooLarge(let url, let limit):
            return "the response from \(show(url)) is larger than \(byteCountText(limit)); ask for less (a smaller page or a selector)"
        case .schemeMismatch(let url, let speaks, let use):
            return "\(show(url)): the server speaks \(speaks); use \(use) instead"
        }
    }
}

extension HTTPError {
    public var debugDescription: String { "HTTPError(\(description))" }
    /// `dump` shows the redacted line, never a raw URL that may carry credentials.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

/// "256 MiB", "16 KiB" or "100 bytes".
func byteCountText(_ bytes: Int) -> String {
    if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
}

private func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
}
