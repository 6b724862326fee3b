/// Where and how to talk to one Kubernetes API server: the result of resolving
/// a kubeconfig (or the in-cluster service account). Its descriptions never
/// contain a token, password or key.
public struct KubeTarget: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// How requests authenticate. Client certificates travel in `tls` and use `.none` here.
    public enum Auth: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        case none
        case bearer(String)
        case basic(user: String, password: String)
        /// A bearer token read from a file, again whenever it changes (kubeconfig `tokenFile`, in-cluster).
        case tokenFile(path: String)
        /// A client.authentication.k8s.io exec plugin.
        case exec(ExecConfig)

        /// Names the method only, never the secret.
        public var description: String {
            switch self {
            case .none: return "none"
            case .bearer: return "bearer token"
            case .basic(let user, _): return "basic (user \(user))"
            case .tokenFile(let path): return "token file \(path)"
            case .exec(let config): return "exec plugin \(config.command)"
            }
        }
        public var debugDescription: String { description }
        public var customMirror: Mirror { Mirror(self, children: ["method": description]) }
    }

    public var contextName: String
    public var clusterName: String
    public var userName: String
    /// The API server URL, e.g. "https://10.0.0.1:6443", without a trailing slash.
    public var server: String
    public var namespace: String
    public var tls: TLSOptions
    public var auth: Auth
    /// The kubeconfig file(s) the values came from, or "in-cluster".
    public var sourceDescription: String
    /// Things the operator should know (e.g. TLS verification disabled).
    public var warnings: [String]

    public init(
        contextName: String, clusterName: String, userName: String = "", server: String, namespace: String = "default",
        tls: TLSOptions = TLSOptions(), auth: Auth = .none, sourceDescription: String, warnings: [String] = []
    ) {
        self.contextName = contextName
        self.clusterName = clusterName
        self.userName = userName
        var s = server
        while s.hasSuffix("/") { s.removeLast() }
        self.server = s
        self.namespace = namespace
        self.tls = tls
        self.auth = auth
        self.sourceDescription = sourceDescription
        self.warnings = warnings
    }

    /// The server URL as it may be shown (status lines, logs): without user-info or credentials.
    public var displayServer: String { SecretRedaction.url(server) }

    /// True when the user authenticates with a client certificate.
    public var usesClientCertificate: Bool { tls.clientCertificatePEM != nil }

    /// One line for logs and `marvdash version`: context, server, namespace, auth method, source.
    public var description: String {
        var authText = auth.description
        if usesClientCertificate { authText = "client certificate" }
        var s = "context \(contextName) (cluster \(clusterName)"
        if !userName.isEmpty { s += ", user \(userName)" }
        s += ") at \(displayServer), namespace \(namespace), auth \(authText), from \(sourceDescription)"
        if tls.insecureSkipVerify { s += ", TLS NOT VERIFIED" }
        return s
    }
    public var debugDescription: String { "KubeTarget(\(description))" }
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "contextName": contextName, "clusterName": clusterName, "userName": userName, "server": displayServer,
                "namespace": namespace, "auth": auth.description, "sourceDescription": sourceDescription,
                "warnings": warnings,
            ])
    }
}
