/// A place in a kubeconfig file: "file:line:col" when the node is known, else the file.
public struct ConfigLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var mark: SourceMark?
    public init(file: String, mark: SourceMark? = nil) {
        self.file = file
        self.mark = mark
    }
    public var description: String { mark.map { "\(file):\($0.line):\($0.column)" } ?? file }
}

/// Why a kubeconfig could not be turned into a `KubeTarget`; each description is
/// one line naming the file (with line:col where known), the field and what to do.
public enum KubeconfigError: Error, Sendable, CustomStringConvertible {
    /// The YAML itself is broken; the description is the parser's "file:line:col: message".
    case syntax(YAMLError)
    /// `--kubeconfig` named a file that does not exist.
    case fileNotFound(path: String, detail: String)
    /// A kubeconfig file exists but cannot be read.
    case unreadable(path: String, detail: String)
    /// A field has the wrong shape (e.g. clusters is not a list).
    case invalidField(at: ConfigLocation, field: String, problem: String)
    /// No --context and no current-context.
    case noContext(sources: String, available: [String])
    case unknownContext(name: String, sources: String, available: [String])
    /// A context names a cluster or user that no file defines.
    case missingReference(context: String, kind: String, name: String, at: ConfigLocation, sources: String)
    case noServer(cluster: String, at: ConfigLocation)
    /// A certificate, key, CA or token file named by the kubeconfig cannot be read.
    case unreadableReferencedFile(path: String, field: String, owner: String, at: ConfigLocation, detail: String)
    case badBase64(field: String, owner: String, at: ConfigLocation)
    case twoAuthMethods(user: String, methods: [String], at: ConfigLocation)
    /// The deprecated `auth-provider` (gcp, azure, oidc): kubectl dropped it for exec plugins.
    case authProvider(user: String, provider: String, at: ConfigLocation)
    case incompleteClientCertificate(user: String, missing: String, at: ConfigLocation)
    /// The in-cluster service account could not be used.
    case inCluster(detail: String)

    public var description: String {
        switch self {
        case .syntax(let e):
            return "\(e) (fix the kubeconfig or pass another with --kubeconfig)"
        case .fileNotFound(let path, let detail):
            return "kubeconfig \(path) not found: \(detail); check the --kubeconfig path"
        case .unreadable(let path, let detail):
            return "cannot read kubeconfig \(path): \(detail); check its permissions"
        case .invalidField(let at, let field, let problem):
            return "\(at): \(field) \(problem)"
        case .noContext(let sources, let available):
            return "no current-context in \(sources); pass --context (available: \(list(available)))"
        case .unknownContext(let name, let sources, let available):
            return "context \"\(name)\" not found in \(sources) (available: \(list(available)))"
        case .missingReference(let context, let kind, let name, let at, let sources):
            return "\(at): context \"\(context)\" refers to \(kind) \"\(name)\", which is not defined in \(sources)"
        case .noServer(let cluster, let at):
            return "\(at): cluster \"\(cluster)\" has no server; set clusters[].cluster.server to the API URL"
        case .unreadableReferencedFile(let path, let field, let owner, let at, let detail):
            return "\(at): cannot read \(field) \(path) of \(owner): \(detail)"
        case .badBase64(let field, let owner, let at):
            return "\(at): \(field) of \(owner) is not valid base64; paste the PEM file's base64 encoding"
        case .twoAuthMethods(let user, let methods, let at):
            return "\(at): user \"\(user)\" sets more than one auth method (\(methods.joined(separator: " and "))); keep one"
        case .authProvider(let user, let provider, let at):
            return "\(at): user \"\(user)\" uses auth-provider \(provider.isEmpty ? "(unnamed)" : provider), which kubectl and marvdash no longer support; \(Self.execAdvice(provider))"
        case .incompleteClientCertificate(let user, let missing, let at):
            return "\(at): user \"\(user)\" has a client certificate or key but no \(missing); set both"
        case .inCluster(let detail):
            return "in-cluster configuration: \(detail)"
        }
    }

    /// The exec plugin that replaces an auth-provider.
    static func execAdvice(_ provider: String) -> String {
        switch provider.lowercased() {
        case "gcp":
            return "install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin) and run gcloud container clusters get-credentials again, which writes an exec user"
        case "azure":
            return "install kubelogin (github.com/Azure/kubelogin) and run kubelogin convert-kubeconfig -l azurecli, which writes an exec user"
        case "oidc":
            return "use the kubelogin exec plugin (github.com/int128/kubelogin: kubectl oidc-login setup prints the exec user to add)"
        default:
            return "replace it with the exec credential plugin your provider documents (users[].user.exec)"
        }
    }

    private func list(_ names: [String]) -> String { names.isEmpty ? "none" : names.joined(separator: ", ") }
}
