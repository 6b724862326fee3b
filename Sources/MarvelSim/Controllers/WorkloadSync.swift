import MarvelCore

/// One reconcile step of the workload controllers: create the pods (and
/// ReplicaSets) that are missing, delete the surplus and outdated ones, and
/// report status. One extension per controller.
struct WorkloadSync {
    var store: ClusterStore
    var events: EventRecorder
    /// Every pod in the cluster at the start of the tick.
    var allPods: [JSONValue]
    /// Nodes as the scheduler sees them (for DaemonSet eligibility).
    var nodes: [SchedulingNode]

    var status: StatusWriter { StatusWriter(store: store) }

    /// Creates a pod and records `SuccessfulCreate` on its owner; false when the store refused it.
    @discardableResult
    func create(_ pod: JSONValue, owner: JSONValue, kind: String, apiVersion: String) -> Bool {
        guard (try? store.create("pods", pod)) != nil else { return false }
        events.record(
            about: owner, kind: kind, apiVersion: apiVersion, reason: "SuccessfulCreate",
            message: "Created pod: \(pod.objectName)", component: "\(kind.lowercased())-controller")
        return true
    }

    func remove(_ pod: JSONValue) {
        _ = try? store.delete("pods", namespace: pod.objectNamespace, name: pod.objectName)
    }

    /// Surplus pods go first when they are not scheduled, then not running, then
    /// not ready, then by name from the end (as the ReplicaSet controller ranks them).
    func deletionOrder(_ pods: [JSONValue]) -> [JSONValue] {
        func rank(_ pod: JSONValue) -> Int {
            if (pod.at("spec", "nodeName")?.stringValue ?? "").isEmpty { return 0 }
            if OwnedPods.phase(pod) != "Running" { return 1 }
            return OwnedPods.isReady(pod) ? 3 : 2
        }
        return pods.sorted { a, b in
            let ra = rank(a)
            let rb = rank(b)
            return ra != rb ? ra < rb : a.objectName > b.objectName
        }
    }

    /// The uid of an object's controller owner, "" when it has none.
    static func controllerUID(_ object: JSONValue) -> String {
        let owners = object.at("metadata", "ownerReferences")?.arrayValue ?? []
        return (owners.first { $0["controller"]?.boolValue == true })?["uid"]?.stringValue ?? ""
    }

    /// An owner reference naming `owner` as controller.
    static func ownerReference(_ owner: JSONValue, type: ResourceType) -> JSONValue {
        [
            "apiVersion": .string(type.apiVersion), "kind": .string(type.kind), "name": .string(owner.objectName),
            "uid": .string(owner.objectUID), "controller": true, "blockOwnerDeletion": true,
        ]
    }
}
