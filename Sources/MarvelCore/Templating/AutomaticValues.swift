/// Values marvdash sets itself for the variables Karvdash fills in
/// (NAMESPACE, HOSTNAME, REGISTRY, PRIVATE_DIR, SHARED_DIR, PRIVATE, SHARED),
/// applied only where a template declares them.
public struct AutomaticValues: Sendable, Hashable {
    public var namespace: String
    public var hostname: String
    /// The image registry as host:port.
    public var registry: String
    public var privateDir: String
    public var sharedDir: String

    public init(
        namespace: String = "default", hostname: String = "marvdash.local", registry: String = "registry.local:5000",
        privateDir: String = "/private", sharedDir: String = "/shared"
    ) {
        self.namespace = namespace
        self.hostname = hostname
        self.registry = registry
        self.privateDir = privateDir
        self.sharedDir = sharedDir
    }

    /// The names of the automatic variables.
    public static let variableNames: Set<String> = [
        "NAMESPACE", "HOSTNAME", "REGISTRY", "PRIVATE_DIR", "SHARED_DIR", "PRIVATE", "SHARED",
    ]

    /// The value for an automatic variable, nil for any other name.
    public func value(for name: String) -> String? {
        switch name {
        case "NAMESPACE": return namespace
        case "HOSTNAME": return hostname
        case "REGISTRY": return registry
        case "PRIVATE_DIR", "PRIVATE": return privateDir
        case "SHARED_DIR", "SHARED": return sharedDir
        default: return nil
        }
    }
}
