/// A node as the placer sees it: the fixed facts (labels, taints, readiness,
/// layer, site, arch, allocatable). What pods already request lives in
/// `PlacementSnapshot`, which changes as decisions bind pods.
public struct PlacementNode: Sendable, Hashable {
    public var name: String
    public var labels: [String: String]
    public var taints: [Node.Taint]
    public var unschedulable: Bool
    public var ready: Bool
    public var layer: Layer
    public var site: String
    /// CPU architecture ("amd64", "arm64"), "" when unknown.
    public var arch: String
    public var allocatable: [String: Quantity]
    /// Operating system (`kubernetes.io/os`), "linux" when unknown.
    public var os: String
    /// The images the node holds, by each name in `status.images`, with their sizes.
    public var images: [String: Int64]

    public init(
        name: String, labels: [String: String] = [:], taints: [Node.Taint] = [], unschedulable: Bool = false, ready: Bool = true,
        layer: Layer = .unassigned, site: String = "", arch: String = "", allocatable: [String: Quantity], os: String = "linux",
        images: [String: Int64] = [:]
    ) {
        self.name = name
        self.labels = labels
        self.taints = taints
        self.unschedulable = unschedulable
        self.ready = ready
        self.layer = layer
        self.site = site
        self.arch = arch
        self.allocatable = allocatable
        self.os = os
        self.images = images
    }

    /// From a node object, its layer and site read with `rules`.
    public init(node: Node, rules: LayerRules = LayerRules()) {
        self.init(
            name: node.name, labels: node.labels, taints: node.taints, unschedulable: node.unschedulable, ready: node.isReady,
            layer: rules.layer(of: node.labels), site: rules.site(of: node.labels),
            arch: node.arch.isEmpty ? node.labels["kubernetes.io/arch"] ?? "" : node.arch, allocatable: node.allocatable,
            os: node.os.isEmpty ? node.labels["kubernetes.io/os"] ?? "linux" : node.os, images: Self.imageSizes(node.images))
    }

    /// The taints the scheduler applies: the node's own plus, for a node that is not
    /// Ready and carries no lifecycle taint yet, `node.kubernetes.io/not-ready:NoSchedule`.
    public var effectiveTaints: [Node.Taint] {
        let lifecycle = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
        if ready || taints.contains(where: { lifecycle.contains($0.key) }) { return taints }
        return taints + [Node.Taint(key: "node.kubernetes.io/not-ready", effect: "NoSchedule")]
    }

    /// The GPUs it offers (`nvidia.com/gpu`).
    public var gpus: Int64 { allocatable[ResourceColumns.gpu]?.value ?? 0 }

    /// Every name of every image, with its size.
    static func imageSizes(_ images: [NodeImage]) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for image in images { for name in image.names { out[name] = image.sizeBytes } }
        return out
    }
}
