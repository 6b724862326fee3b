import MarvelCore

/// What the scheduler's VolumeBinding step knows about one pod's claims:
/// whether the pod can be scheduled at all (claims exist, are not being
/// deleted, immediate ones are bound), where its bound volumes restrict it,
/// and which claims wait for this pod to pick their node.
struct VolumeClaims {
    /// A pod-level refusal ("persistentvolumeclaim \"data\" not found"), or nil.
    var blocked: String?
    /// Whether `blocked` holds on every node (a per-node reason, counted as kube-scheduler counts them).
    var blockedOnEveryNode = false
    /// The node affinity of the volumes the pod's bound claims use.
    var affinities: [VolumeNodeAffinity] = []
    /// Unbound claims of WaitForFirstConsumer classes, bound once the pod has a node.
    var waiting: [JSONValue] = []

    init(pod: JSONValue, store: ClusterStore) {
        let namespace = pod.objectNamespace
        let names = ClaimBindings.claimNames(inPodSpec: pod["spec"] ?? [:])
        guard !names.isEmpty else { return }
        var immediateUnbound = false
        for name in names {
            guard let claim = store.get(ResourceType.persistentVolumeClaims.name, namespace: namespace, name: name) else {
                blocked = "persistentvolumeclaim \"\(name)\" not found"
                return
            }
            if Finalizers.isTerminating(claim) {
                blocked = "persistentvolumeclaim \"\(name)\" is being deleted"
                return
            }
            if claim.at("status", "phase")?.stringValue == "Bound", let volumeName = claim.at("spec", "volumeName")?.stringValue {
                let volume = store.get(ResourceType.persistentVolumes.name, name: volumeName)
                let terms = (volume?.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?.arrayValue ?? [])
                    .map(NodeSelectorTerm.init(json:))
                if !terms.isEmpty { affinities.append(VolumeNodeAffinity(claim: name, volume: volumeName, terms: terms)) }
                continue
            }
            let className = claim.at("spec", "storageClassName")?.stringValue
            let storageClass = className.flatMap { c in store.list(ResourceType.storageClasses.name).items.first { $0.objectName == c } }
            if storageClass?["volumeBindingMode"]?.stringValue == "WaitForFirstConsumer" {
                let volumes = store.list(ResourceType.persistentVolumes.name).items
                if !LocalVolumeProvisioner.serves(storageClass) && VolumeSync.match(claim, in: volumes) == nil {
                    blocked = "node(s) didn't find available persistent volumes to bind"
                    blockedOnEveryNode = true
                    return
                }
                waiting.append(claim)
            } else {
                immediateUnbound = true
            }
        }
        if immediateUnbound { blocked = "pod has unbound immediate PersistentVolumeClaims" }
    }

    /// Binds the waiting claims for a pod placed on `node`: to an available volume
    /// that node can reach, or to a volume provisioned there.
    func bindWaiting(on node: JSONValue, store: ClusterStore, events: EventRecorder) {
        let provisioner = LocalVolumeProvisioner(store: store, events: events)
        for claim in waiting {
            let volumes = store.list(ResourceType.persistentVolumes.name).items
            if let volume = VolumeSync.match(claim, in: volumes, node: node) {
                provisioner.bind(claim, to: volume, provisioned: false, node: node.objectName)
            } else {
                provisioner.provision(claim, on: node)
            }
        }
    }
}
