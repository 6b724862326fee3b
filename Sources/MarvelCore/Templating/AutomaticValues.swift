/// Values marvdash sets itself for the variables Karvdash fills in
/// (NAMESPACE, HOSTNAME, REGISTRY, PRIVATE_DIR, SHARED_DIR, PRIVATE, SHARED),
/// applied only where a template declares them. HOSTNAME is per instance,
/// as in Karvdash: `<instance>.<ingressDomain>` unless `hostname` fixes one
/// for every instance (a value given with `--set HOSTNAME=…` wins over both).
public struct AutomaticValues: Sendable, Hashable {
    public var namespace: String
    /// One HOSTNAME for every instance; nil: each instance gets `<instance>.<ingressDomain>`.
    public var hostname: String?
    /// The domain instance hosts are made in (the config's `ingressDomain`, `--ingress-domain`).
    public var ingressDomain: String
    /// The image registry as host:port.
    public var registry: String
    public var privateDir: String
    public var sharedDir: String

    /// The domain when neither the config nor a flag names one.
    public static let defaultIngressDomain = "marvdash.local"

    public init(
        namespace: String = "default", hostname: String? = nil, ingressDomain: String = AutomaticValues.defaultIngressDomain,
        registry: String = "registry.local:5000", privateDir: String = "/private", sharedDir: String = "/shared"
    ) {
        self.namespace = namespace
        self.hostname = hostname
        self.ingressDomain = ingressDomain
        self.registry = registry
        self.privateDir = privateDir
        self.sharedDir = sharedDir
    }

    /// The names of the automatic variables.
    public static let variableNames: Set<String> = [
        "NAMESPACE", "HOSTNAME", "REGISTRY", "PRIVATE_DIR", "SHARED_DIR", "PRIVATE", "SHARED",
    ]

    /// The value for an automatic variable, nil for any other name (and for HOSTNAME
    /// when it is per instance: see `hostname(forInstance:)`).
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

    /// The value for an automatic variable of instance `instance`.
    public func value(for name: String, instance: String) -> String? {
        name == "HOSTNAME" ? hostname(forInstance: instance) : value(for: name)
    }

    /// Why `domain` cannot hold instance hosts (`<instance>.<domain>` must be a DNS name), nil when it can.
    public static func domainProblem(_ domain: String) -> String? {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !domain.isEmpty && domain.count <= 200 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        }
        return valid ? nil : "must be a DNS domain such as apps.example.org (lowercase letters, digits, '-' and '.'), got \"\(domain)\""
    }

    /// The host an instance's Ingresses get: `hostname` when fixed, else `<instance>.<ingressDomain>`.
    public func hostname(forInstance instance: String) -> String {
        if let hostname { return hostname }
        let domain = ingressDomain.hasPrefix(".") ? String(ingressDomain.dropFirst()) : ingressDomain
        return domain.isEmpty ? instance : "\(instance).\(domain)"
    }
}
