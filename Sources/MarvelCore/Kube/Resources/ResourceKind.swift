/// A kind the console's resource views list (`:po`, `:deploy`, …): where its
/// objects live in the API, the names and aliases that reach it (kubectl's
/// short names, as k9s takes them), and which row actions apply to it.
public struct ResourceKind: Sendable, Hashable {
    /// The REST name ("pods", "deployments").
    public var resource: String
    /// The kind ("Pod", "Deployment").
    public var kind: String
    /// "" for the core group.
    public var group: String
    public var version: String
    public var namespaced: Bool
    /// The words that reach it after `:`, the first being its command name ("po", "pod", "pods").
    public var aliases: [String]
    /// Has a scale subresource the console edits (`s`).
    public var scalable: Bool
    /// Takes kubectl's rollout restart (a pod-template annotation).
    public var restartable: Bool
    /// Its rows are pods or own pods (so `l` shows logs).
    public var hasPods: Bool

    public init(
        resource: String, kind: String, group: String = "", version: String = "v1", namespaced: Bool = true, aliases: [String],
        scalable: Bool = false, restartable: Bool = false, hasPods: Bool = false
    ) {
        self.resource = resource
        self.kind = kind
        self.group = group
        self.version = version
        self.namespaced = namespaced
        self.aliases = aliases
        self.scalable = scalable
        self.restartable = restartable
        self.hasPods = hasPods
    }

    /// `v1`, `apps/v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The word the command line shows first (`po`).
    public var command: String { aliases.first ?? resource }

    /// "Pods", "Deployments": the view's title.
    public var plural: String {
        switch kind {
        case "Ingress": return "Ingresses"
        case "PersistentVolumeClaim": return "PersistentVolumeClaims"
        default: return kind + "s"
        }
    }

    /// As the watch cache names a kind it lists and watches.
    public var cached: CachedKind {
        CachedKind(resource: resource, kind: kind, group: group, version: version, namespaced: namespaced, slot: .managedObjects)
    }

    /// The collection: every namespace (`namespace` nil), or one.
    public func collectionPath(namespace: String?) -> String { cached.path(namespace: namespace) }

    /// One object.
    public func objectPath(namespace: String, name: String) -> String {
        collectionPath(namespace: namespaced ? namespace : nil) + "/" + KubeClient.encode(name)
    }
}

extension ResourceKind {
    public static let pods = ResourceKind(resource: "pods", kind: "Pod", aliases: ["po", "pod", "pods"], hasPods: true)
    public static let deployments = ResourceKind(
        resource: "deployments", kind: "Deployment", group: "apps", aliases: ["deploy", "deployment", "deployments"], scalable: true,
        restartable: true, hasPods: true)
    public static let statefulSets = ResourceKind(
        resource: "statefulsets", kind: "StatefulSet", group: "apps", aliases: ["sts", "statefulset", "statefulsets"], scalable: true,
        restartable: true, hasPods: true)
    public static let daemonSets = ResourceKind(
        resource: "daemonsets", kind: "DaemonSet", group: "apps", aliases: ["ds", "daemonset", "daemonsets"], restartable: true,
        hasPods: true)
    public static let replicaSets = ResourceKind(
        resource: "replicasets", kind: "ReplicaSet", group: "apps", aliases: ["rs", "replicaset", "replicasets"], scalable: true,
        hasPods: true)
    public static let jobs = ResourceKind(resource: "jobs", kind: "Job", group: "batch", aliases: ["job", "jobs"], hasPods: true)
    public static let cronJobs = ResourceKind(resource: "cronjobs", kind: "CronJob", group: "batch", aliases: ["cj", "cronjob", "cronjobs"])
    /// Kubernetes Services: `:svc` (marvdash's own Services pane is `:services`).
    public static let services = ResourceKind(resource: "services", kind: "Service", aliases: ["svc", "kservice", "kservices"])
    public static let ingresses = ResourceKind(
        resource: "ingresses", kind: "Ingress", group: "networking.k8s.io", aliases: ["ing", "ingress", "ingresses"])
    public static let configMaps = ResourceKind(resource: "configmaps", kind: "ConfigMap", aliases: ["cm", "configmap", "configmaps"])
    public static let secrets = ResourceKind(resource: "secrets", kind: "Secret", aliases: ["sec", "secret", "secrets"])
    public static let claims = ResourceKind(
        resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim", aliases: ["pvc", "persistentvolumeclaim", "persistentvolumeclaims"])
    public static let events = ResourceKind(resource: "events", kind: "Event", aliases: ["ev", "event", "events"])
    public static let namespaces = ResourceKind(resource: "namespaces", kind: "Namespace", namespaced: false, aliases: ["ns", "namespace", "namespaces"])

    /// Every kind a resource view lists, in the order `:help` names them.
    public static let all: [ResourceKind] = [
        .pods, .deployments, .statefulSets, .daemonSets, .jobs, .cronJobs, .replicaSets, .services, .ingresses, .configMaps, .secrets,
        .claims, .events, .namespaces,
    ]

    /// The kind `word` names (any case), by any alias.
    public static func named(_ word: String) -> ResourceKind? {
        let lower = word.lowercased()
        return all.first { $0.aliases.contains(lower) }
    }
}
