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

        public init(node: String, layer: Layer, arch: String, sizeBytes: Int64, names: [String]) {
            self.node = node
            self.layer = layer
            self.arch = arch
            self.sizeBytes = sizeBytes
            self.names = names
        }
    }

    /// A deployed instance whose pods run the image.
    public struct InstanceUse: Sendable, Hashable {
        public var namespace: String
        public var name: String
        public var template: String
        /// "pod on node" for each pod of the instance running the image.
        public var pods: [String]

        public init(namespace: String, name: String, template: String, pods: [String]) {
            self.namespace = namespace
            self.name = name
            self.template = template
            self.pods = pods
        }
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

/// Where the images of one registry are used, indexed once per cluster
/// snapshot and template index: every node image name, pod container image
/// and template image is parsed once and filed under its repository, so
/// asking about one repository or tag reads only that repository's entries.
public struct ImageUsageIndex: Sendable {
    /// The registry's "host[:port]" as image references write it.
    public let registryHost: String
    /// Whether a cluster snapshot was indexed (without one, nodes and pods are unknown).
    public let hasCluster: Bool

    private struct NodeEntry: Sendable {
        var node: String
        var layer: Layer
        var arch: String
        var sizeBytes: Int64
        var names: [(text: String, ref: ImageReference)]
    }

    private struct PodEntry: Sendable {
        var namespace: String
        var name: String
        var nodeName: String
        var instance: String?
        var template: String
        var refs: [ImageReference]
    }

    private var nodes: [String: [NodeEntry]] = [:]
    private var pods: [String: [PodEntry]] = [:]
    private var templates: [String: [(id: String, refs: [ImageReference])]] = [:]

    public init(registryHost: String, snapshot: ClusterSnapshot?, templateImages: TemplateImageIndex?, rules: LayerRules = LayerRules()) {
        self.registryHost = registryHost
        hasCluster = snapshot != nil
        func own(_ text: String) -> ImageReference? {
            guard let ref = ImageReference(parsing: text), ref.isOn(registryHost: registryHost) else { return nil }
            return ref
        }
        for (id, images) in templateImages?.images ?? [:] {
            var byRepo: [String: [ImageReference]] = [:]
            for ref in images.compactMap(own) { byRepo[ref.repository, default: []].append(ref) }
            for (repo, refs) in byRepo { templates[repo, default: []].append((id, refs)) }
        }
        guard let snapshot else { return }
        for node in snapshot.nodes {
            var byRepo: [String: NodeEntry] = [:]
            for image in node.images {
                for name in image.names {
                    guard let ref = own(name) else { continue }
                    var entry = byRepo[ref.repository] ?? NodeEntry(
                        node: node.name, layer: rules.layer(of: node.labels), arch: node.arch, sizeBytes: image.sizeBytes, names: [])
                    entry.names.append((name, ref))
                    byRepo[ref.repository] = entry
                }
            }
            for (repo, entry) in byRepo { nodes[repo, default: []].append(entry) }
        }
        for pod in snapshot.pods where !pod.isTerminated {
            var byRepo: [String: [ImageReference]] = [:]
            for container in pod.initContainers + pod.containers {
                if let ref = own(container.image) { byRepo[ref.repository, default: []].append(ref) }
            }
            for (repo, refs) in byRepo {
                pods[repo, default: []].append(PodEntry(
                    namespace: pod.namespace, name: pod.name, nodeName: pod.nodeName, instance: pod.labels[InstanceLabels.instance],
                    template: pod.labels[InstanceLabels.template] ?? "", refs: refs))
            }
        }
    }

    /// Where `repository` is used: any of `tags` or `digests` (both empty: any tag of the repository).
    public func usage(repository: String, tags: [String] = [], digests: [String] = []) -> ImageUsage {
        let tagSet = Set(tags)
        let digestSet = Set(digests)
        let matches: (ImageReference) -> Bool = { ref in
            if tagSet.isEmpty && digestSet.isEmpty { return true }
            if let d = ref.digest, digestSet.contains(d) { return true }
            return ref.tag.map(tagSet.contains) ?? (ref.digest == nil && tagSet.contains("latest"))
        }
        var usage = ImageUsage()
        usage.templates = (templates[repository] ?? []).filter { $0.refs.contains(where: matches) }.map(\.id).sorted()
        for entry in nodes[repository] ?? [] {
            let hits = entry.names.filter { matches($0.ref) }.map(\.text)
            guard !hits.isEmpty else { continue }
            usage.nodes.append(ImageUsage.NodeCache(node: entry.node, layer: entry.layer, arch: entry.arch, sizeBytes: entry.sizeBytes, names: hits))
        }
        usage.nodes.sort { $0.node < $1.node }
        var instances: [String: ImageUsage.InstanceUse] = [:]
        for pod in pods[repository] ?? [] where pod.refs.contains(where: matches) {
            let place = pod.nodeName.isEmpty ? "\(pod.name) (not scheduled)" : "\(pod.name) on \(pod.nodeName)"
            if let instance = pod.instance {
                let key = "\(pod.namespace)/\(instance)"
                var use = instances[key] ?? ImageUsage.InstanceUse(namespace: pod.namespace, name: instance, template: pod.template, pods: [])
                use.pods.append(place)
                instances[key] = use
            } else {
                usage.otherPods.append("\(pod.namespace)/\(place)")
            }
        }
        usage.instances = instances.keys.sorted().compactMap { key in
            instances[key].map { var use = $0; use.pods.sort(); return use }
        }
        usage.otherPods.sort()
        return usage
    }
}
