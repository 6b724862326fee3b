import MarvelCore

/// The ReplicaSet controller: keeps `spec.replicas` pods of its template
/// alive (pods that finished or are being deleted do not count), removes
/// the surplus (unscheduled, then not running, then not ready first), and
/// reports how many run, are ready and available.
extension WorkloadSync {
    func replicaSet(_ rs: JSONValue) {
        let replicas = max(0, rs.at("spec", "replicas")?.intValue ?? 1)
        let owned = OwnedPods(owner: rs.objectUID, in: allPods)
        var live = owned.active.filter { !Finalizers.isTerminating($0) }
        if live.count > replicas {
            for pod in deletionOrder(live).prefix(live.count - replicas) {
                remove(pod)
                live.removeAll { $0.objectName == pod.objectName }
                events.record(
                    about: rs, kind: "ReplicaSet", apiVersion: "apps/v1", reason: "SuccessfulDelete",
                    message: "Deleted pod: \(pod.objectName)", component: "replicaset-controller")
            }
        }
        var created = 0
        if live.count < replicas {
            let factory = PodFactory(owner: rs, ownerType: .replicaSets)
            var taken = owned.names
            var i = 0
            for _ in live.count..<replicas {
                var name = ""
                repeat {
                    name = "\(rs.objectName)-\(NameSuffix.stable(rs.objectUID + "#\(store.resourceVersion)#\(i)"))"
                    i += 1
                } while taken.contains(name)
                taken.insert(name)
                if create(factory.pod(name: name, extraLabels: [:]), owner: rs, kind: "ReplicaSet", apiVersion: "apps/v1") {
                    created += 1
                }
            }
        }
        let ready = live.filter(OwnedPods.isReady).count
        let s: JSONValue = [
            "replicas": .int(live.count + created), "fullyLabeledReplicas": .int(live.count + created),
            "readyReplicas": .int(ready), "availableReplicas": .int(ready),
            "observedGeneration": rs.at("metadata", "generation") ?? 1,
        ]
        status.write(.replicaSets, rs, status: s)
    }
}
