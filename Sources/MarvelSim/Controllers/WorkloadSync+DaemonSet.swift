import MarvelCore

/// The DaemonSet controller: one pod on every node the pod template may run on
/// (nodeSelector, affinity, taints; resources are not asked), pods on other
/// nodes removed, outdated pods replaced `maxUnavailable` at a time
/// (RollingUpdate) or left until deleted (OnDelete), and the template history
/// kept as ControllerRevisions.
extension WorkloadSync {
    func daemonSet(_ ds: JSONValue) {
        let factory = PodFactory(owner: ds, ownerType: .daemonSets)
        let hash = factory.templateHash
        let owned = OwnedPods(owner: ds.objectUID, in: allPods).pods.filter { !Finalizers.isTerminating($0) }
        let eligible = eligibleNodes(factory)
        let eligibleSet = Set(eligible)
        ControllerHistory(store: store, owner: ds, ownerType: .daemonSets).record(
            name: "\(ds.objectName)-\(hash)", hash: hash,
            keepingHashes: Set(owned.compactMap { $0.at("metadata", "labels", "controller-revision-hash")?.stringValue }))

        var byNode: [String: [JSONValue]] = [:]
        for pod in owned { byNode[Self.daemonNode(of: pod), default: []].append(pod) }
        for (node, pods) in byNode where !eligibleSet.contains(node) { pods.forEach(remove) }
        let strategy = ds.at("spec", "updateStrategy", "type")?.stringValue ?? "RollingUpdate"
        let maxUnavailable = max(
            1,
            (IntOrPercent(ds.at("spec", "updateStrategy", "rollingUpdate", "maxUnavailable")) ?? IntOrPercent(.count(1)))
                .scaled(eligible.count, roundUp: true))
        var unavailable = eligible.filter { !(byNode[$0] ?? []).contains(where: OwnedPods.isReady) }.count
        let generation = ds.at("metadata", "generation")?.intValue ?? 1
        var scheduled = 0
        var ready = 0
        var updated = 0
        for node in eligible {
            var pods = byNode[node] ?? []
            // Duplicates on one node: keep the current, ready one.
            if pods.count > 1 {
                let sorted = pods.sorted { a, b in
                    let ca = Self.revisionHash(a) == hash
                    let cb = Self.revisionHash(b) == hash
                    return ca != cb ? ca : OwnedPods.isReady(a) && !OwnedPods.isReady(b)
                }
                sorted.dropFirst().forEach(remove)
                pods = [sorted[0]]
            }
            guard let pod = pods.first else {
                let name = "\(ds.objectName)-\(NameSuffix.stable(ds.objectUID + "@" + node + "#\(store.resourceVersion)"))"
                var fresh = factory.pod(
                    name: name,
                    extraLabels: ["controller-revision-hash": hash, "pod-template-generation": String(generation)],
                    nodeAffinityTo: node)
                fresh["metadata"]?["generateName"] = .string(ds.objectName + "-")
                create(fresh, owner: ds, kind: "DaemonSet", apiVersion: "apps/v1")
                continue
            }
            let current = Self.revisionHash(pod) == hash
            if !current && strategy != "OnDelete" {
                if !OwnedPods.isReady(pod) {
                    remove(pod)
                    continue
                }
                if unavailable < maxUnavailable {
                    remove(pod)
                    unavailable += 1
                    continue
                }
            }
            if !(pod.at("spec", "nodeName")?.stringValue ?? "").isEmpty { scheduled += 1 }
            if OwnedPods.isReady(pod) { ready += 1 }
            if current { updated += 1 }
        }
        let s: JSONValue = [
            "observedGeneration": .int(generation),
            "desiredNumberScheduled": .int(eligible.count), "currentNumberScheduled": .int(scheduled),
            "numberMisscheduled": 0, "numberReady": .int(ready),
            "numberAvailable": .int(ready), "updatedNumberScheduled": .int(updated),
            "numberUnavailable": .int(max(0, eligible.count - ready)),
        ]
        status.write(.daemonSets, ds, status: s)
    }

    /// The nodes whose fixed facts (selector, affinity, taints, cordon) let the daemon pod run.
    private func eligibleNodes(_ factory: PodFactory) -> [String] {
        var probe = factory.pod(name: "probe", extraLabels: [:])
        let hostNetwork = probe.at("spec", "hostNetwork")?.boolValue ?? false
        let tolerations = (probe.at("spec", "tolerations")?.arrayValue ?? []) + PodFactory.daemonTolerations(hostNetwork: hostNetwork)
        probe["spec"]?["tolerations"] = .array(tolerations)
        guard let pod = try? SchedulingPod(json: probe) else { return [] }
        var idle = nodes
        for i in idle.indices {
            idle[i].requested = [:]
            idle[i].podCount = 0
        }
        let snapshot = SchedulingNode.snapshot(idle)
        let component = CompiledComponent(
            ComponentRequirement(name: "daemon", pod: pod.requirements), policy: .spread, snapshot: snapshot)
        return component.candidates.map { snapshot.nodes[$0].name }
    }

    /// The node a daemon pod is bound to, or the node its affinity names while it waits.
    static func daemonNode(of pod: JSONValue) -> String {
        if let node = pod.at("spec", "nodeName")?.stringValue, !node.isEmpty { return node }
        let terms = pod.at("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
        for term in terms?.arrayValue ?? [] {
            for field in term["matchFields"]?.arrayValue ?? [] where field["key"]?.stringValue == "metadata.name" {
                if let node = field["values"]?[0]?.stringValue { return node }
            }
        }
        return ""
    }

    static func revisionHash(_ pod: JSONValue) -> String {
        pod.at("metadata", "labels", "controller-revision-hash")?.stringValue ?? ""
    }
}
