/// A kind of object the embedded cluster serves: its REST name, kinds, scope
/// and discovery facts. New resources are added by declaring another value.
public struct ResourceType: Sendable, Hashable {
    /// Plural REST name, e.g. `pods`.
    public var name: String
    public var singularName: String
    public var kind: String
    public var listKind: String
    public var namespaced: Bool
    /// API group; empty for the core group.
    public var group: String
    public var version: String
    public var shortNames: [String]
    public var verbs: [String]
    /// Subresources listed in discovery (`log` for `pods/log`), each with its verbs.
    public var subresources: [String: [String]]

    public init(
        name: String, singularName: String, kind: String, namespaced: Bool,
        group: String = "", version: String = "v1", shortNames: [String] = [],
        verbs: [String] = ["get", "list", "watch"], subresources: [String: [String]] = [:]
    ) {
        self.name = name
        self.singularName = singularName
        self.kind = kind
        self.listKind = kind + "List"
        self.namespaced = namespaced
        self.group = group
        self.version = version
        self.shortNames = shortNames
        self.verbs = verbs
        self.subresources = subresources
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The verbs of resources that can be written (create, apply, delete).
    public static let writable = ["create", "delete", "get", "list", "patch", "watch"]

    /// Nodes belong to the simulator (no create or delete), but operators label,
    /// taint, cordon and uncordon them (`kubectl cordon`, the console's node actions).
    public static let nodes = ResourceType(
        name: "nodes", singularName: "node", kind: "Node", namespaced: false, shortNames: ["no"],
        verbs: ["get", "list", "patch", "watch"])
    public static let namespaces = ResourceType(
        name: "namespaces", singularName: "namespace", kind: "Namespace", namespaced: false, shortNames: ["ns"],
        verbs: writable)
    public static let pods = ResourceType(
        name: "pods", singularName: "pod", kind: "Pod", namespaced: true, shortNames: ["po"], verbs: writable,
        subresources: ["log": ["get"]])
    public static let services = ResourceType(
        name: "services", singularName: "service", kind: "Service", namespaced: true, shortNames: ["svc"],
        verbs: writable)
    public static let configMaps = ResourceType(
        name: "configmaps", singularName: "configmap", kind: "ConfigMap", namespaced: true, shortNames: ["cm"],
        verbs: writable)
    public static let secrets = ResourceType(
        name: "secrets", singularName: "secret", kind: "Secret", namespaced: true, verbs: writable)
    public static let events = ResourceType(
        name: "events", singularName: "event", kind: "Event", namespaced: true, shortNames: ["ev"], verbs: writable)
    public static let deployments = ResourceType(
        name: "deployments", singularName: "deployment", kind: "Deployment", namespaced: true, group: "apps",
        shortNames: ["deploy"], verbs: writable, subresources: ["scale": ["get", "patch", "update"]])
    public static let statefulSets = ResourceType(
        name: "statefulsets", singularName: "statefulset", kind: "StatefulSet", namespaced: true, group: "apps",
        shortNames: ["sts"], verbs: writable, subresources: ["scale": ["get", "patch", "update"]])
    public static let daemonSets = ResourceType(
        name: "daemonsets", singularName: "daemonset", kind: "DaemonSet", namespaced: true, group: "apps",
        shortNames: ["ds"], verbs: writable)
    public static let jobs = ResourceType(
        name: "jobs", singularName: "job", kind: "Job", namespaced: true, group: "batch", verbs: writable)
    public static let ingresses = ResourceType(
        name: "ingresses", singularName: "ingress", kind: "Ingress", namespaced: true, group: "networking.k8s.io",
        shortNames: ["ing"], verbs: writable)
}

extension ResourceType {
    /// The resources the embedded cluster serves.
    public static let served: [ResourceType] = [
        .namespaces, .nodes, .pods, .services, .configMaps, .secrets, .events,
        .deployments, .statefulSets, .daemonSets, .jobs, .ingresses,
    ]

    /// The workload resources whose controllers create pods.
    public static let workloads: [ResourceType] = [.deployments, .statefulSets, .daemonSets, .jobs]
}
