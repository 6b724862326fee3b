import MarvelCore

/// The embedded cluster's volume provisioner and binder: a claim of a class
/// whose provisioner is `marvdash.io/local-path` gets a PersistentVolume
/// `pvc-UID` of its size — on the node the scheduler picked for the claim's
/// first pod (node affinity on `kubernetes.io/hostname`), or nowhere in
/// particular for an Immediate class — and both are marked Bound to each other.
struct LocalVolumeProvisioner {
    var store: ClusterStore
    var events: EventRecorder

    static let root = "/var/lib/marvdash/local-path"

    /// The StorageClass named `name`, or the default class for a claim that names none.
    func storageClass(named name: String?) -> JSONValue? {
        let classes = store.list(ResourceType.storageClasses.name).items
        guard let name else {
            return classes.first {
                $0.at("metadata", "annotations", "storageclass.kubernetes.io/is-default-class")?.stringValue == "true"
            }
        }
        return classes.first { $0.objectName == name }
    }

    /// Whether this provisioner serves `storageClass`.
    static func serves(_ storageClass: JSONValue?) -> Bool {
        storageClass?["provisioner"]?.stringValue == ClusterObjects.provisioner
    }

    /// Provisions a volume for `claim` (on `node` when given) and binds the two. Returns the volume.
    @discardableResult
    func provision(_ claim: JSONValue, on node: JSONValue?) -> JSONValue? {
        let storageClass = storageClass(named: claim.at("spec", "storageClassName")?.stringValue)
        guard Self.serves(storageClass), let storageClass else { return nil }
        let name = "pvc-\(claim.objectUID)"
        var spec: JSONObject = [
            "accessModes": claim.at("spec", "accessModes") ?? ["ReadWriteOnce"],
            "capacity": ["storage": claim.at("spec", "resources", "requests", "storage") ?? "1Gi"],
            "persistentVolumeReclaimPolicy": storageClass["reclaimPolicy"] ?? "Delete",
            "storageClassName": .string(storageClass.objectName),
            "volumeMode": claim.at("spec", "volumeMode") ?? "Filesystem",
        ]
        let path = "\(Self.root)/\(name)_\(claim.objectNamespace)_\(claim.objectName)"
        if let node {
            let host = node.at("metadata", "labels", "kubernetes.io/hostname")?.stringValue ?? node.objectName
            spec["local"] = ["path": .string(path)]
            spec["nodeAffinity"] = [
                "required": [
                    "nodeSelectorTerms": [
                        ["matchExpressions": [["key": "kubernetes.io/hostname", "operator": "In", "values": [.string(host)]]]]
                    ]
                ]
            ]
        } else {
            spec["hostPath"] = ["path": .string(path), "type": "DirectoryOrCreate"]
        }
        let volume: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": [
                "name": .string(name),
                "annotations": ["pv.kubernetes.io/provisioned-by": .string(ClusterObjects.provisioner)],
            ],
            "spec": .object(spec), "status": ["phase": "Available"],
        ]
        guard let created = try? store.create(ResourceType.persistentVolumes.name, volume) else { return nil }
        events.record(
            about: claim, kind: "PersistentVolumeClaim", reason: "ProvisioningSucceeded",
            message: "Successfully provisioned volume \(name)",
            component: "\(ClusterObjects.provisioner)_embedded")
        bind(claim, to: created, provisioned: true, node: node?.objectName)
        return created
    }

    /// Marks `claim` and `volume` as bound to each other.
    func bind(_ claim: JSONValue, to volume: JSONValue, provisioned: Bool, node: String?) {
        let claimRef: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": .string(claim.objectNamespace),
            "name": .string(claim.objectName), "uid": .string(claim.objectUID),
        ]
        _ = try? store.modify(ResourceType.persistentVolumes.name, name: volume.objectName) { pv in
            pv["spec"]?["claimRef"] = claimRef
            pv["status"] = ["phase": "Bound"]
        }
        _ = try? store.modify(ResourceType.persistentVolumeClaims.name, namespace: claim.objectNamespace, name: claim.objectName) { pvc in
            if pvc.at("metadata", "annotations") == nil { pvc["metadata"]?["annotations"] = [:] }
            pvc["metadata"]?["annotations"]?["pv.kubernetes.io/bind-completed"] = "yes"
            pvc["metadata"]?["annotations"]?["pv.kubernetes.io/bound-by-controller"] = "yes"
            if provisioned {
                pvc["metadata"]?["annotations"]?["volume.beta.kubernetes.io/storage-provisioner"] = .string(ClusterObjects.provisioner)
                pvc["metadata"]?["annotations"]?["volume.kubernetes.io/storage-provisioner"] = .string(ClusterObjects.provisioner)
            }
            if let node { pvc["metadata"]?["annotations"]?["volume.kubernetes.io/selected-node"] = .string(node) }
            pvc["spec"]?["volumeName"] = .string(volume.objectName)
            if pvc.at("spec", "storageClassName") == nil, let sc = volume.at("spec", "storageClassName") {
                pvc["spec"]?["storageClassName"] = sc
            }
            pvc["status"] = [
                "phase": "Bound", "accessModes": volume.at("spec", "accessModes") ?? [],
                "capacity": volume.at("spec", "capacity") ?? [:],
            ]
        }
    }
}
