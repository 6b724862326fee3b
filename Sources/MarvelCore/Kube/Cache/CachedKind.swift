/// One kind of object the cluster cache keeps: where it is listed and watched,
/// which of its objects (label and field selectors) are wanted, and which part
/// of a `ClusterSnapshot` holds them.
public struct CachedKind: Sendable, Hashable, CustomStringConvertible {
    /// The part of a snapshot a kind's objects go to.
    public enum Slot: Sendable, Hashable, CaseIterable {
        case nodes, pods, namespaces, services, ingresses, workloads, managedObjects, schedulingEvents, claims
    }

    /// The REST name ("pods", "deployments").
    public var resource: String
    /// The kind ("Pod", "Deployment"), stamped on listed objects (lists leave it out).
    public var kind: String
    /// "" for the core group.
    public var group: String
    public var version: String
    public var namespaced: Bool
    public var labelSelector: String?
    public var fieldSelector: String?
    public var slot: Slot

    public init(
        resource: String, kind: String, group: String = "", version: String = "v1", namespaced: Bool, labelSelector: String? = nil,
        fieldSelector: String? = nil, slot: Slot
    ) {
        self.resource = resource
        self.kind = kind
        self.group = group
        self.version = version
        self.namespaced = namespaced
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.slot = slot
    }

    /// `v1`, `apps/v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// An object of this kind as the snapshot keeps it: kind and apiVersion set, no managedFields.
    public func stamped(_ object: JSONValue) -> JSONValue {
        guard case .object(var o) = object else { return object }
        o["kind"] = .string(kind)
        o["apiVersion"] = .string(apiVersion)
        if case .object(var meta)? = o["metadata"], meta["managedFields"] != nil {
            meta["managedFields"] = nil
            o["metadata"] = .object(meta)
        }
        return .object(o)
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
    public static let nodes = CachedKind(resource: "nodes", kind: "Node", namespaced: false, slot: .nodes)
    public static let pods = CachedKind(resource: "pods", kind: "Pod", namespaced: true, slot: .pods)
    public static let namespaces = CachedKind(resource: "namespaces", kind: "Namespace", namespaced: false, slot: .namespaces)
    public static let services = CachedKind(resource: "services", kind: "Service", namespaced: true, slot: .services)
    public static let ingresses = CachedKind(
        resource: "ingresses", kind: "Ingress", group: "networking.k8s.io", namespaced: true, slot: .ingresses)
    public static let persistentVolumeClaims = CachedKind(
        resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim", namespaced: true, slot: .claims)
    /// ConfigMaps and Secrets marvdash manages: instance records (Secrets, or ConfigMaps of
    /// an older marvdash) and the instances' own configuration.
    public static let managedConfigMaps = CachedKind(
        resource: "configmaps", kind: "ConfigMap", namespaced: true, labelSelector: "\(InstanceLabels.managedBy)=marvdash",
        slot: .managedObjects)
    public static let managedSecrets = CachedKind(
        resource: "secrets", kind: "Secret", namespaced: true, labelSelector: "\(InstanceLabels.managedBy)=marvdash",
        slot: .managedObjects)
    /// The workload kinds whose objects deploys create, when marvdash manages them.
    public static let managedWorkloads: [CachedKind] = [
        CachedKind(
            resource: "deployments", kind: "Deployment", group: "apps", namespaced: true,
            labelSelector: "\(InstanceLabels.managedBy)=marvdash", slot: .workloads),
        CachedKind(
            resource: "statefulsets", kind: "StatefulSet", group: "apps", namespaced: true,
            labelSelector: "\(InstanceLabels.managedBy)=marvdash", slot: .workloads),
        CachedKind(
            resource: "daemonsets", kind: "DaemonSet", group: "apps", namespaced: true,
            labelSelector: "\(InstanceLabels.managedBy)=marvdash", slot: .workloads),
        CachedKind(
            resource: "jobs", kind: "Job", group: "batch", namespaced: true, labelSelector: "\(InstanceLabels.managedBy)=marvdash",
            slot: .workloads),
    ]
    /// Why pods are Pending.
    public static let schedulingEvents = CachedKind(
        resource: "events", kind: "Event", namespaced: true, fieldSelector: "reason=FailedScheduling", slot: .schedulingEvents)

    /// What the Services pane and `marvdash services` read: instances, their objects, pods and events.
    public static let instanceKinds: [CachedKind] =
        [.services, .ingresses, .managedConfigMaps, .managedSecrets] + managedWorkloads + [.schedulingEvents, .persistentVolumeClaims]
}
