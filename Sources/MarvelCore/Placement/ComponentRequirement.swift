/// One component to place: a workload's pod (all replicas alike), how many
/// replicas, and the marvdash rules from the template's `placement` block
/// (required layer, preferred layers, arch, site, GPUs per pod).
public struct ComponentRequirement: Sendable, Hashable {
    /// "Kind/name" of the workload ("StatefulSet/kafka").
    public var name: String
    public var replicas: Int
    public var pod: PodRequirements
    public var rules: TemplatePlacement
    /// The container images of the pod (one per container) and their platform checks.
    public var images: [ComponentImage]
    /// Per replica (a StatefulSet's ordinal): the volumes its own claims (made from the
    /// `volumeClaimTemplates`, `<template>-<set>-<ordinal>`) are already bound to. That
    /// replica may only run where every one of them is; ordinals without bound claims
    /// (new ones of a scale-up) go anywhere the pod may.
    public var replicaVolumes: [Int: [VolumeNodeAffinity]] = [:]

    /// A `rules.gpu` above what the containers request raises the pod's `nvidia.com/gpu` request,
    /// unless the containers ask for another accelerator (`gpu.intel.com/i915`, `amd.com/gpu`, …):
    /// then that is the GPU the rule means.
    public init(
        name: String, replicas: Int = 1, pod: PodRequirements, rules: TemplatePlacement = TemplatePlacement(), images: [ComponentImage] = []
    ) {
        self.name = name
        self.replicas = replicas
        var pod = pod
        let otherAccelerator = pod.requests.contains { $0.key != ResourceColumns.gpu && ExtendedResources.isAccelerator($0.key) && $0.value > .zero }
        if let gpu = rules.gpu, gpu > 0, !otherAccelerator, (pod.requests[ResourceColumns.gpu] ?? .zero) < Quantity(value: Int64(gpu)) {
            pod.requests[ResourceColumns.gpu] = Quantity(value: Int64(gpu))
        }
        self.pod = pod
        self.rules = rules
        self.images = images
    }

    /// The workloads of rendered manifests, each a component: Pods, Deployments,
    /// StatefulSets, ReplicaSets, ReplicationControllers, Jobs (parallelism) and
    /// CronJobs. DaemonSets run on every eligible node and are not placed. A pod
    /// that mounts a claim bound to a volume with node affinity (`claims`) may
    /// only go where that volume is.
    public static func components(
        of manifests: [JSONValue], rules: TemplatePlacement? = nil, claims: ClaimBindings = ClaimBindings()
    ) throws(PlacementError) -> [ComponentRequirement] {
        var out: [ComponentRequirement] = []
        for manifest in manifests {
            guard let (spec, replicas) = podSpec(of: manifest) else { continue }
            let label = "\(manifest["kind"]?.stringValue ?? "")/\(manifest.at("metadata", "name")?.stringValue ?? "")"
            var pod: PodRequirements
            do { pod = try PodRequirements(podSpec: spec, name: label) } catch { throw PlacementError.badManifest(object: label, problem: "\(error)") }
            pod.volumes = claims.affinities(forPodSpec: spec)
            var component = ComponentRequirement(
                name: label, replicas: replicas, pod: pod, rules: rules ?? TemplatePlacement(), images: ComponentImage.images(ofPodSpec: spec))
            component.replicaVolumes = claims.affinitiesByOrdinal(ofStatefulSet: manifest, replicas: replicas)
            out.append(component)
        }
        return out
    }

    /// The pod spec of a placeable workload and how many pods it asks for
    /// (DaemonSets run on every eligible node and are not placed).
    public static func podSpec(of manifest: JSONValue) -> (JSONValue, Int)? {
        guard manifest["kind"]?.stringValue != "DaemonSet", let found = WorkloadPodTemplate.podSpec(of: manifest) else { return nil }
        return (found.spec, found.replicas)
    }

    /// Whether replica `replica` may run on a node with `labels` and `name`: every volume
    /// its own claims are bound to admits the node.
    public func replicaAdmits(_ replica: Int, labels: [String: String], nodeName: String) -> Bool {
        (replicaVolumes[replica] ?? []).allSatisfy { $0.admits(labels: labels, nodeName: nodeName) }
    }
}
