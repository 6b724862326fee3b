import MarvelCore

/// Background cascading deletion: removes the objects (pods, ReplicaSets, Jobs
/// of CronJobs, revisions, endpoint slices and other owned workloads) whose
/// ownerReferences name a deleted owner's uid, and their dependents in turn.
struct OwnerCascade {
    var store: ClusterStore

    static let dependentResources = [
        "pods", "deployments", "replicasets", "statefulsets", "daemonsets", "controllerrevisions", "jobs",
        "endpointslices",
    ]

    func deleteDependents(ofUID uid: String, namespace: String) {
        var pending = [uid]
        while let owner = pending.popLast() {
            for resource in Self.dependentResources {
                for object in store.list(resource, namespace: namespace).items where Self.isOwned(object, by: owner) {
                    let key = ObjectKey(of: object)
                    if let gone = try? store.delete(resource, namespace: key.namespace, name: key.name),
                        let childUID = gone.at("metadata", "uid")?.stringValue
                    {
                        pending.append(childUID)
                    }
                }
            }
        }
    }

    static func isOwned(_ object: JSONValue, by uid: String) -> Bool {
        (object.at("metadata", "ownerReferences")?.arrayValue ?? []).contains { $0["uid"]?.stringValue == uid }
    }
}
