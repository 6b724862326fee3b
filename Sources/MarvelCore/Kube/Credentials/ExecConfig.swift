/// A kubeconfig user's `exec` credential plugin (client.authentication.k8s.io
/// v1 or v1beta1), read and checked when the kubeconfig is resolved: the
/// command (a relative path with a slash already resolved against the
/// kubeconfig's folder; a bare name is looked up on PATH), its arguments and
/// extra environment, the install hint shown when it is missing, and what to
/// tell it in `KUBERNETES_EXEC_INFO`.
public struct ExecConfig: Sendable, Hashable {
    /// When the plugin may use the terminal (v1 requires it; v1beta1 defaults to IfAvailable).
    public enum InteractiveMode: String, Sendable, Hashable, CaseIterable {
        case never = "Never"
        case ifAvailable = "IfAvailable"
        case always = "Always"
    }

    /// One `env` entry.
    public struct EnvVar: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The API versions of ExecCredential a plugin may speak.
    public static let apiVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// The kubeconfig user this plugin authenticates (for messages).
    public var user: String
    public var apiVersion: String
    public var command: String
    public var args: [String]
    public var env: [EnvVar]
    public var installHint: String
    public var interactiveMode: InteractiveMode
    /// `spec.cluster` of the ExecCredential input when `provideClusterInfo` is set, else nil.
    public var clusterInfo: JSONValue?

    public init(
        user: String, apiVersion: String = ExecConfig.apiVersions[0], command: String, args: [String] = [], env: [EnvVar] = [],
        installHint: String = "", interactiveMode: InteractiveMode = .ifAvailable, clusterInfo: JSONValue? = nil
    ) {
        self.user = user
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.interactiveMode = interactiveMode
        self.clusterInfo = clusterInfo
    }

    /// The `KUBERNETES_EXEC_INFO` the plugin gets: an ExecCredential with spec.interactive
    /// and, when asked for, spec.cluster.
    public func execInfo(interactive: Bool) -> JSONValue {
        var spec: JSONObject = ["interactive": .bool(interactive)]
        if let clusterInfo { spec["cluster"] = clusterInfo }
        return ["apiVersion": .string(apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
    }
}
