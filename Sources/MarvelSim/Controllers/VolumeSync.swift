import MarvelCore

/// The persistent-volume controller: new volumes become Available; claims
/// without a class get the default one; a pending claim binds to the volume it names, or to an available
/// volume of its class that is large enough, or (Immediate classes of the
/// local provisioner) to a new volume; claims of WaitForFirstConsumer
/// classes wait for the scheduler. A volume whose claim is gone is deleted
/// (reclaim policy Delete) or Released (Retain).
struct VolumeSync {
    var store: ClusterStore
    var events: EventRecorder

    func sync() {
        let provisioner = LocalVolumeProvisioner(store: store, events: events)
        let claims = store.list(ResourceType.persistentVolumeClaims.name).items
        // A new volume nobody claims yet is Available.
        for volume in store.list(ResourceType.persistentVolumes.name).items
        where volume.at("spec", "claimRef") == nil && (volume.at("status", "phase")?.stringValue ?? "Pending") == "Pending" {
            _ = try? store.modify(ResourceType.persistentVolumes.name, name: volume.objectName) { $0["status"] = ["phase": "Available"] }
        }
        var volumes = store.list(ResourceType.persistentVolumes.name).items
        for claim in claims where !Finalizers.isTerminating(claim) {
            var claim = claim
            if claim.at("spec", "storageClassName") == nil, let sc = provisioner.storageClass(named: nil) {
                claim = (try? store.modify(
                    ResourceType.persistentVolumeClaims.name, namespace: claim.objectNamespace, name: claim.objectName
                ) { $0["spec"]?["storageClassName"] = .string(sc.objectName) }) ?? claim
            }
            guard claim.at("status", "phase")?.stringValue != "Bound" else { continue }
            if let named = claim.at("spec", "volumeName")?.stringValue, !named.isEmpty {
                if let volume = volumes.first(where: { $0.objectName == named }), Self.available(volume, for: claim) {
                    provisioner.bind(claim, to: volume, provisioned: false, node: nil)
                }
                continue
            }
            let className = claim.at("spec", "storageClassName")?.stringValue ?? ""
            let storageClass = className.isEmpty ? nil : provisioner.storageClass(named: className)
            if storageClass?["volumeBindingMode"]?.stringValue == "WaitForFirstConsumer" {
                events.record(
                    about: claim, kind: "PersistentVolumeClaim", reason: "WaitForFirstConsumer",
                    message: "waiting for first consumer to be created before binding",
                    component: "persistentvolume-controller", once: true)
                continue
            }
            if let volume = Self.match(claim, in: volumes) {
                provisioner.bind(claim, to: volume, provisioned: false, node: nil)
                volumes = store.list(ResourceType.persistentVolumes.name).items
            } else if LocalVolumeProvisioner.serves(storageClass) {
                provisioner.provision(claim, on: nil)
                volumes = store.list(ResourceType.persistentVolumes.name).items
            } else {
                events.record(
                    about: claim, kind: "PersistentVolumeClaim", type: "Warning", reason: "FailedBinding",
                    message: className.isEmpty
                        ? "no persistent volumes available for this claim and no storage class is set"
                        : "storageclass.storage.k8s.io \"\(className)\" not found",
                    component: "persistentvolume-controller", once: true)
            }
        }
        reclaim(volumes, claims: store.list(ResourceType.persistentVolumeClaims.name).items)
    }

    /// Volumes bound to a claim that no longer exists: deleted or Released.
    private func reclaim(_ volumes: [JSONValue], claims: [JSONValue]) {
        let live = Set(claims.map(\.objectUID))
        for volume in volumes {
            guard let uid = volume.at("spec", "claimRef", "uid")?.stringValue, !uid.isEmpty, !live.contains(uid) else { continue }
            if volume.at("spec", "persistentVolumeReclaimPolicy")?.stringValue == "Delete" {
                _ = try? store.delete(ResourceType.persistentVolumes.name, name: volume.objectName)
            } else if volume.at("status", "phase")?.stringValue != "Released" {
                _ = try? store.modify(ResourceType.persistentVolumes.name, name: volume.objectName) { $0["status"] = ["phase": "Released"] }
            }
        }
    }

    /// Whether `volume` may be bound to `claim`: unclaimed, or reserved for exactly it.
    static func available(_ volume: JSONValue, for claim: JSONValue) -> Bool {
        guard let ref = volume.at("spec", "claimRef") else { return true }
        return ref["name"]?.stringValue == claim.objectName && ref["namespace"]?.stringValue == claim.objectNamespace
            && (ref["uid"]?.stringValue ?? claim.objectUID) == claim.objectUID
    }

    /// The smallest available volume of the claim's class with its access modes and at least its size;
    /// `node` (when given) must satisfy the volume's node affinity.
    static func match(_ claim: JSONValue, in volumes: [JSONValue], node: JSONValue? = nil) -> JSONValue? {
        let className = claim.at("spec", "storageClassName")?.stringValue ?? ""
        let modes = Set((claim.at("spec", "accessModes")?.arrayValue ?? []).compactMap(\.stringValue))
        let wanted = quantity(claim.at("spec", "resources", "requests", "storage"))
        let fitting = volumes.filter { v in
            guard v.at("spec", "claimRef") == nil, v.at("status", "phase")?.stringValue ?? "Available" == "Available",
                (v.at("spec", "storageClassName")?.stringValue ?? "") == className,
                modes.isSubset(of: Set((v.at("spec", "accessModes")?.arrayValue ?? []).compactMap(\.stringValue))),
                quantity(v.at("spec", "capacity", "storage")) >= wanted
            else { return false }
            guard let node else { return true }
            let terms = (v.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?.arrayValue ?? []).map(NodeSelectorTerm.init(json:))
            let labels = (node.at("metadata", "labels")?.objectValue ?? JSONObject()).reduce(into: [String: String]()) {
                $0[$1.key] = $1.value.stringValue
            }
            return VolumeNodeAffinity(claim: claim.objectName, volume: v.objectName, terms: terms)
                .admits(labels: labels, nodeName: node.objectName)
        }
        return fitting.min { quantity($0.at("spec", "capacity", "storage")) < quantity($1.at("spec", "capacity", "storage")) }
    }

    private static func quantity(_ value: JSONValue?) -> Quantity {
        guard let text = value?.stringValue ?? value?.intValue.map(String.init) else { return .zero }
        return (try? Quantity(parsing: text)) ?? .zero
    }
}
