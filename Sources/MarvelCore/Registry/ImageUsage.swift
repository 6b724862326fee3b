/// Where an image (a repository, or some of its tags and digests) is used:
/// the nodes that hold it in `status.images`, the templates whose rendered
/// defaults name it, and the running instances (and other pods) that run it.
public struct ImageUsage: Sendable, Hashable {
    /// A node holding the image, and the size it reports.
    public struct NodeCache: Sendable, Hashable {
        public var node: String
        public var layer: Layer
        public var arch: String
        public var sizeBytes: Int64
        /// The names the node lists that matched.
        public var names: [String]
    }

    /// A deployed instance whose pods run the image.
    public struct InstanceUse: Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var template: String
        /// "pod on node" for each pod of the instance running the image.
        public var pods: [String]
    }

    public var nodes: [NodeCache] = []
    public var templates: [String] = []
    public var instances: [InstanceUse] = []
    /// "namespace/pod" of running pods that belong to no instance.
    public var otherPods: [String] = []

    public init() {}

    public var isUnused: Bool { nodes.isEmpty && templates.isEmpty && instances.isEmpty && otherPods.isEmpty }

    public var json: JSONValue {
        [
            "nodes": .array(nodes.map {
                ["node": .string($0.node), "layer": .string($0.layer.rawValue), "arch": .string($0.arch), "sizeBytes": .int(Int($0.sizeBytes))]
            }),
            "templates": .array(templates.map(JSONValue.string)),
            "instances": .array(instances.map {
                [
                    "namespace": .string($0.namespace), "name": .string($0.name), "template": .string($0.template),
                    "pods": .array($0.pods.map(JSONValue.string)),
                ]
            }),
            "otherPods": .array(otherPods.map(JSONValue.string)),
        ]
    }
}

/// Finds where images of one registry are used in a cluster snapshot and a template index.
public struct ImageUsageFinder: Sendable {
    /// The registry's "host[:port]" as image references write it.
    public var registryHost: String
    public var snapshot: ClusterSnapshot?
    public var templateImages: TemplateImageIndex?
    public var rules: LayerRules

    public init(registryHost: String, snapshot: ClusterSnapshot?, templateImages: TemplateImageIndex?, rules: LayerRules = LayerRules()) {
        self.registryHost = registryHost
        self.snapshot = snapshot
        self.templateImages = templateImages
        self.rules = rules
    }

    /// Where `repository` is used: any of `tags` or `digests` (both empty: any tag of the repository).
    public func usage(repository: String, tags: [String] = [], digests: [String] = []) -> ImageUsage {
        let tagSet = Set(tags)
        let digestSet = Set(digests)
        let matches: (ImageReference) -> Bool = { ref in
            guard ref.isOn(registryHost: registryHost), ref.repository == repository else { return false }
            if tagSet.isEmpty && digestSet.isEmpty { return true }
            if let d = ref.digest, digestSet.contains(d) { return true }
            return ref.tag.map(tagSet.contains) ?? (ref.digest == nil && tagSet.contains("latest"))
        }
        var usage = ImageUsage()
        usage.templates = templateImages?.templates(using: matches) ?? []
        guard let snapshot else { return usage }
        for node in snapshot.nodes {
            for image in node.images {
                let hits = image.names.filter { ImageReference(parsing: $0).map(matches) ?? false }
                guard !hits.isEmpty else { continue }
                usage.nodes.append(ImageUsage.NodeCache(
                    node: node.name, layer: rules.layer(of: node.labels), arch: node.arch, sizeBytes: image.sizeBytes, names: hits))
                break
            }
        }
        var instances: [String: ImageUsage.InstanceUse] = [:]
        for pod in snapshot.pods where !pod.isTerminated {
            let runs = (pod.initContainers + pod.containers).contains { ImageReference(parsing: $0.image).map(matches) ?? false }
            guard runs else { continue }
            let place = pod.nodeName.isEmpty ? "\(pod.name) (not scheduled)" : "\(pod.name) on \(pod.nodeName)"
            if let instance = pod.labels[InstanceLabels.instance] {
                let key = "\(pod.namespace)/\(instance)"
                var use = instances[key] ?? ImageUsage.InstanceUse(
                    namespace: pod.namespace, name: instance, template: pod.labels[InstanceLabels.template] ?? "", pods: [])
                use.pods.append(place)
                instances[key] = use
            } else {
                usage.otherPods.append("\(pod.namespace)/\(place)")
            }
        }
        usage.instances = instances.keys.sorted().compactMap { instances[$0] }
        return usage
    }
}
