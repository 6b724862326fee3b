/// A kind of object the embedded cluster serves: its REST name, kinds, scope
/// and discovery facts. New resources are added by declaring another value
/// (see the `ResourceType+…` files, one per API area) and listing it in `served`.
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
    /// Subresources listed in discovery (`log` for `pods/log`).
    public var subresources: [Subresource]
    /// Discovery categories (`all` for what `kubectl get all` lists).
    public var categories: [String]
    /// false for request-only kinds (access reviews): created and answered, never stored.
    public var persisted: Bool
    /// The version objects are stored in when it is not this one (autoscaling/v1
    /// HorizontalPodAutoscalers are stored as autoscaling/v2 and converted).
    public var storageVersion: String?

    public init(
        name: String, singularName: String, kind: String, namespaced: Bool,
        group: String = "", version: String = "v1", shortNames: [String] = [],
        verbs: [String] = ["get", "list", "watch"], subresources: [Subresource] = [], categories: [String] = [],
        persisted: Bool = true, storageVersion: String? = nil
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
        self.categories = categories
        self.persisted = persisted
        self.storageVersion = storageVersion
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The subresource named `name` (`scale`, `log`, `eviction`…), if served.
    public func subresource(_ name: String) -> Subresource? { subresources.first { $0.name == name } }

    /// The verbs of resources that can be written (create, apply, delete).
    public static let writable = ["create", "delete", "get", "list", "patch", "watch"]

    /// The category `kubectl get all` expands to.
    public static let allCategory = ["all"]
}

/// A subresource of a served resource (`pods/log`, `deployments/scale`): its
/// verbs and, when it speaks another kind than its parent, that kind.
public struct Subresource: Sendable, Hashable {
    public var name: String
    public var verbs: [String]
    /// The kind its requests and answers carry; nil: the parent's kind.
    public var kind: String?
    /// Group and version of `kind` when they differ from the parent's (Scale is autoscaling/v1).
    public var group: String?
    public var version: String?

    public init(_ name: String, verbs: [String], kind: String? = nil, group: String? = nil, version: String? = nil) {
        self.name = name
        self.verbs = verbs
        self.kind = kind
        self.group = group
        self.version = version
    }

    /// `scale`: an autoscaling/v1 Scale (what `kubectl scale` reads and patches).
    public static let scale = Subresource(
        "scale", verbs: ["get", "patch", "update"], kind: "Scale", group: "autoscaling", version: "v1")
}

extension ResourceType {
    /// The resources the embedded cluster serves.
    public static let served: [ResourceType] = [
        .namespaces, .nodes, .pods, .services, .endpoints, .configMaps, .secrets, .events, .serviceAccounts,
        .persistentVolumeClaims, .persistentVolumes,
        .deployments, .replicaSets, .statefulSets, .daemonSets, .controllerRevisions, .jobs, .cronJobs,
        .horizontalPodAutoscalers, .horizontalPodAutoscalersV1, .podDisruptionBudgets, .ingresses, .endpointSlices, .storageClasses,
        .roles, .roleBindings, .clusterRoles, .clusterRoleBindings,
        .selfSubjectAccessReviews, .selfSubjectRulesReviews, .selfSubjectReviews,
    ]

    /// The workload resources whose controllers create pods.
    public static let workloads: [ResourceType] = [.deployments, .replicaSets, .statefulSets, .daemonSets, .jobs]
}
