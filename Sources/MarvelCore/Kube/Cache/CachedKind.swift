/// One kind of object the cluster cache keeps: where it is listed and watched,
/// and which of its objects (label and field selectors) are wanted.
public struct CachedKind: Sendable, Hashable, CustomStringConvertible {
    /// The REST name ("pods", "deployments").
    public var resource: String
    /// "" for the core group.
    public var group: String
    public var version: String
    public var namespaced: Bool
    public var labelSelector: String?
    public var fieldSelector: String?

    public init(
        resource: String, group: String = "", version: String = "v1", namespaced: Bool, labelSelector: String? = nil,
        fieldSelector: String? = nil
    ) {
        self.resource = resource
        self.group = group
        self.version = version
        self.namespaced = namespaced
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
    }

    /// The collection path: every namespace (`namespace` nil) or one.
    public func path(namespace: String?) -> String {
        let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { return "\(base)/namespaces/\(KubeClient.encode(namespace))/\(resource)" }
        return "\(base)/\(resource)"
    }

    /// The selectors as query parameters.
    public var selectorQuery: [String: String] {
        var q: [String: String] = [:]
        if let labelSelector { q["labelSelector"] = labelSelector }
        if let fieldSelector { q["fieldSelector"] = fieldSelector }
        return q
    }

    /// "pods", "deployments.apps", "configmaps (marvdash.io/record=true)".
    public var description: String {
        var text = group.isEmpty ? resource : "\(resource).\(group)"
        let selectors = [labelSelector, fieldSelector].compactMap { $0 }
        if !selectors.isEmpty { text += " (\(selectors.joined(separator: ", ")))" }
        return text
    }
}

extension CachedKind {
    public static let nodes = CachedKind(resource: "nodes", namespaced: false)
    public static let pods = CachedKind(resource: "pods", namespaced: true)
    public static let namespaces = CachedKind(resource: "namespaces", namespaced: false)
    public static let services = CachedKind(resource: "services", namespaced: true)
    public static let ingresses = CachedKind(resource: "ingresses", group: "networking.k8s.io", namespaced: true)
    public static let persistentVolumeClaims = CachedKind(resource: "persistentvolumeclaims", namespaced: true)
    /// Instance records, kept as ConfigMaps (older marvdash) or Secrets.
    public static let recordConfigMaps = CachedKind(
        resource: "configmaps", namespaced: true, labelSelector: "\(InstanceLabels.record)=true")
    public static let recordSecrets = CachedKind(resource: "secrets", namespaced: true, labelSelector: "\(InstanceLabels.record)=true")
    /// The workload kinds whose objects deploys create, when marvdash manages them.
    public static let managedWorkloads: [CachedKind] = [
        CachedKind(resource: "deployments", group: "apps", namespaced: true, labelSelector: InstanceLabels.managedBy),
        CachedKind(resource: "statefulsets", group: "apps", namespaced: true, labelSelector: InstanceLabels.managedBy),
        CachedKind(resource: "daemonsets", group: "apps", namespaced: true, labelSelector: InstanceLabels.managedBy),
        CachedKind(resource: "jobs", group: "batch", namespaced: true, labelSelector: InstanceLabels.managedBy),
    ]
    /// Why pods are Pending.
    public static let schedulingEvents = CachedKind(resource: "events", namespaced: true, fieldSelector: "reason=FailedScheduling")
}
