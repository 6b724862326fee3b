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

    public init(
        name: String, singularName: String, kind: String, namespaced: Bool,
        group: String = "", version: String = "v1", shortNames: [String] = [],
        verbs: [String] = ["get", "list", "watch"]
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
    }

    /// `v1` for the core group, `group/version` otherwise.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public static let nodes = ResourceType(
        name: "nodes", singularName: "node", kind: "Node", namespaced: false, shortNames: ["no"])
    public static let namespaces = ResourceType(
        name: "namespaces", singularName: "namespace", kind: "Namespace", namespaced: false, shortNames: ["ns"])
    public static let pods = ResourceType(
        name: "pods", singularName: "pod", kind: "Pod", namespaced: true, shortNames: ["po"])
}

extension ResourceType {
    /// The resources the embedded cluster serves today.
    public static let served: [ResourceType] = [.namespaces, .nodes, .pods]
}
