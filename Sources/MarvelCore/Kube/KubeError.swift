/// A failed Kubernetes API call, described in one line that names the server
/// and context and says what to check.
public enum KubeError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The request never got an HTTP answer.
    case transport(HTTPError, server: String, context: String)
    /// The server answered with a non-2xx status (message and reason from its Status object).
    case status(code: Int, reason: String?, message: String, method: String, url: String, context: String, user: String)
    /// The answer was not the JSON expected.
    case invalidResponse(url: String, context: String, detail: String)
    /// An object in the answer could not be decoded.
    case decoding(KubeDecodingError, url: String)
    /// The credentials for the request could not be had (token file, exec plugin).
    case credentials(CredentialError, context: String)

    /// The HTTP status when the server answered, else nil.
    public var statusCode: Int? { if case .status(let code, _, _, _, _, _, _) = self { return code }; return nil }

    /// One line; URLs appear without user-info or credential query values (see `SecretRedaction`).
    public var description: String {
        switch self {
        case .transport(let error, let server, let context):
            return Self.describe(error, server: server, context: context)
        case .status(let code, let reason, let message, let method, let rawURL, let context, let user):
            let url = SecretRedaction.url(rawURL)
            let head = "\(code)\(reason.map { " \($0)" } ?? "")"
            let who = user.isEmpty ? "anonymous requests" : "the credentials of user \(user)"
            switch code {
            case 401:
                return "the server at \(url) (context \(context)) rejected \(who) (\(head): \(message)); renew the token or certificate in the kubeconfig"
            case 403:
                let subject = user.isEmpty ? "anonymous requests are" : "user \(user) is"
                return "\(subject) not allowed to \(method) \(url) (context \(context)) (\(head): \(message)); ask an admin for RBAC permissions"
            case 404:
                return "\(method) \(url) (context \(context)): \(head): \(message)"
            case 429, 500...599:
                return "\(method) \(url) (context \(context)): \(head): \(message); the server is overloaded or failing, try again later"
            default:
                return "\(method) \(url) (context \(context)): \(head): \(message)"
            }
        case .invalidResponse(let url, let context, let detail):
            return "unexpected answer from \(SecretRedaction.url(url)) (context \(context)): \(detail); is this a Kubernetes API server?"
        case .decoding(let error, let url):
            return "\(SecretRedaction.url(url)): \(error)"
        case .credentials(let error, let context):
            return "\(error) (context \(context))"
        }
    }

    public var debugDescription: String { "KubeError(\(description))" }
    /// `dump` shows the redacted line, never a raw URL that may carry credentials.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }

    static func describe(_ error: HTTPError, server rawServer: String, context: String) -> String {
        let server = SecretRedaction.url(rawServer)
        let hint = "is the cluster up? check --context or KUBECONFIG"
        switch error {
        case .connect(_, let detail):
            return "cannot connect to \(server) (context \(context)): \(detail) — \(hint)"
        case .nameResolution(let host):
            return "cannot resolve host \(host) of \(server) (context \(context)) — check the server address in the kubeconfig and DNS"
        case .tls(_, let detail):
            return "TLS error talking to \(server) (context \(context)): \(detail) — check certificate-authority, tls-server-name or the client certificate"
        case .timeout(_, let seconds):
            let s = seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
            return "request to \(server) (context \(context)) timed out after \(s) — \(hint)"
        case .invalidURL(let url):
            return "invalid server URL '\(SecretRedaction.url(url))' (context \(context)) — fix clusters[].cluster.server in the kubeconfig"
        case .transport(_, let detail):
            return "request to \(server) (context \(context)) failed: \(detail) — \(hint)"
        case .cancelled(let url):
            return "request to \(SecretRedaction.url(url)) (context \(context)) was cancelled"
        case .responseTooLarge(let url, let limit):
            return "the answer to \(SecretRedaction.url(url)) (context \(context)) is larger than \(byteCountText(limit)) — list fewer objects (a namespace or selector)"
        case .status(let url, let code, let reason, let message):
            return "\(SecretRedaction.url(url)) (context \(context)): HTTP \(code)\(reason.map { " \($0)" } ?? ""): \(message)"
        case .schemeMismatch(_, let speaks, let use):
            return "\(server) (context \(context)) speaks \(speaks); set the server to \(use) (clusters[].cluster.server in the kubeconfig)"
        }
    }
}
