import Foundation
import MarvelCore

extension Topology {
    /// Writes the topology's namespaces, nodes and system pods into `store`,
    /// with timestamps relative to `now`. Pods land where their controller
    /// would have put them: daemon sets on every node whose taints they
    /// tolerate, deployments round-robin over eligible nodes, static pods on
    /// the control plane.
    public func seed(into store: ClusterStore, now: Date = Date()) throws(StoreError) {
        let clusterCreated = now.addingTimeInterval(-Double(clusterAgeDays) * 86_400)
        for ns in namespaces {
            try store.create(ResourceType.namespaces.name, namespaceObject(ns, created: clusterCreated))
        }
        let placed = placePods(now: now)
        let placedByNode = Dictionary(grouping: placed, by: \.node.name)
        var ownerUIDs: [String: String] = [:]  // "Kind/namespace/name" → uid
        for (index, node) in nodes.enumerated() {
            let images = Set((placedByNode[node.name] ?? []).flatMap { $0.workload.containers.map(\.image) })
            let manifest = NodeManifest(
                node: node, index: index, created: nodeCreated(node, now: now), now: now, images: images.sorted())
            let stored = try store.create(ResourceType.nodes.name, manifest.build())
            ownerUIDs["Node//\(node.name)"] = stored.objectUID
        }
        try seedControllers(into: store, placed: placed, created: clusterCreated, now: now, ownerUIDs: &ownerUIDs)
        var nextHost: [String: Int] = [:]
        let nodeIndex = Dictionary(nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for pod in placed {
            let ip: String
            if pod.workload.hostNetwork {
                ip = pod.node.internalIP
            } else {
                let host = nextHost[pod.node.name, default: 2]
                nextHost[pod.node.name] = host + 1
                ip = "\(NodeManifest.podNetwork(nodeIndex[pod.node.name] ?? 0)).\(host)"
            }
            let ownerNamespace = pod.ownerKind == "Node" ? "" : pod.workload.namespace
            let owner = ownerUIDs["\(pod.ownerKind)/\(ownerNamespace)/\(pod.ownerName)"] ?? ""
            let manifest = PodManifest(pod: pod, ownerUID: owner, podIP: ip, now: now)
            try store.create(ResourceType.pods.name, manifest.build())
        }
        try ClusterObjects(topology: self, created: clusterCreated).seed(into: store)
    }

    /// The DaemonSets (with their first revision), Deployments and ReplicaSets
    /// that own the system pods; their uids go into `ownerUIDs`.
    private func seedControllers(
        into store: ClusterStore, placed: [PlacedPod], created: Date, now: Date, ownerUIDs: inout [String: String]
    ) throws(StoreError) {
        let byWorkload = Dictionary(grouping: placed) { "\($0.workload.namespace)/\($0.workload.name)" }
        for w in workloads {
            let pods = byWorkload["\(w.namespace)/\(w.name)"] ?? []
            let manifest = WorkloadManifest(workload: w, created: created.addingTimeInterval(60), pods: pods)
            switch w.controller {
            case .staticPod:
                continue
            case .daemonSet:
                let ds = try store.create(ResourceType.daemonSets.name, manifest.daemonSet())
                try store.create(ResourceType.controllerRevisions.name, manifest.controllerRevision(owner: ds))
                ownerUIDs["DaemonSet/\(w.namespace)/\(w.name)"] = ds.objectUID
            case .deployment:
                let d = try store.create(ResourceType.deployments.name, manifest.deployment())
                let rs = try store.create(
                    ResourceType.replicaSets.name, manifest.replicaSet(owner: d, rolledOut: rolledOut(w, now: now)))
                ownerUIDs["ReplicaSet/\(w.namespace)/\(rs.objectName)"] = rs.objectUID
            }
        }
    }

    /// When a system Deployment's current ReplicaSet rolled out: 3 to 40 days ago.
    private func rolledOut(_ w: WorkloadDescription, now: Date) -> Date {
        let replicaSet = "\(w.name)-\(WorkloadTemplate(workload: w).hash)"
        return now.addingTimeInterval(-Double(StableID.number(replicaSet, in: 3...40)) * 86_400)
    }

    private func namespaceObject(_ name: String, created: Date) -> JSONValue {
        [
            "kind": "Namespace", "apiVersion": "v1",
            "metadata": [
                "name": .string(name), "creationTimestamp": .string(Timestamp.format(created)),
                "labels": ["kubernetes.io/metadata.name": .string(name)],
            ],
            "spec": ["finalizers": ["kubernetes"]],
            "status": ["phase": "Active"],
        ]
    }

    private func nodeCreated(_ node: NodeDescription, now: Date) -> Date {
        now.addingTimeInterval(
            -Double(node.joinedDaysAgo) * 86_400 - Double(StableID.number(node.name + "joined", in: 0...80_000)))
    }

    /// Decides where every system pod runs and what it is called.
    func placePods(now: Date) -> [PlacedPod] {
        var out: [PlacedPod] = []
        for (workloadIndex, w) in workloads.enumerated() {
            let eligibleNodes = nodes.filter { node in eligible(node, for: w) }
            switch w.controller {
            case .daemonSet:
                let revision = WorkloadTemplate(workload: w).hash
                for node in eligibleNodes {
                    out.append(
                        PlacedPod(
                            workload: w, node: node, name: "\(w.name)-\(NameSuffix.stable(w.name + "@" + node.name))",
                            ownerKind: "DaemonSet", ownerName: w.name,
                            controllerLabels: ["controller-revision-hash": revision, "pod-template-generation": "1"],
                            created: nodeCreated(node, now: now).addingTimeInterval(45)))
                }
            case .staticPod:
                for node in eligibleNodes {
                    out.append(
                        PlacedPod(
                            workload: w, node: node, name: "\(w.name)-\(node.name)", ownerKind: "Node",
                            ownerName: node.name,
                            controllerLabels: [:], created: nodeCreated(node, now: now).addingTimeInterval(8)))
                }
            case .deployment(let replicas):
                // Only nodes that were Ready when the ReplicaSet last rolled out take replicas.
                let candidates = eligibleNodes.filter { $0.ready && !$0.unschedulable }
                guard !candidates.isEmpty else { continue }
                let hash = WorkloadTemplate(workload: w).hash
                let replicaSet = "\(w.name)-\(hash)"
                let rollout = rolledOut(w, now: now)
                for i in 0..<max(0, replicas) {
                    let node = candidates[(workloadIndex + i) % candidates.count]
                    out.append(
                        PlacedPod(
                            workload: w, node: node, name: "\(replicaSet)-\(NameSuffix.stable(replicaSet + "#\(i)"))",
                            ownerKind: "ReplicaSet", ownerName: replicaSet,
                            controllerLabels: ["pod-template-hash": hash],
                            created: max(rollout, nodeCreated(node, now: now).addingTimeInterval(120))))
                }
            }
        }
        return out
    }

    /// Whether a workload's pods may run on `node`: its placement matches and
    /// every NoSchedule/NoExecute taint is tolerated (static pods are started
    /// by the kubelet itself, so taints do not apply to them).
    func eligible(_ node: NodeDescription, for w: WorkloadDescription) -> Bool {
        switch w.placement {
        case .everyNode: break
        case .layer(let layer): guard node.layer == layer else { return false }
        case .controlPlane: guard node.controlPlane else { return false }
        case .label(let key, let value): guard node.labels[key] == value else { return false }
        }
        if w.controller == .staticPod { return true }
        let tolerations = PodManifest.tolerations(for: w)
        return node.effectiveTaints.allSatisfy { taint in
            taint.effect == "PreferNoSchedule" || tolerations.contains { $0.tolerates(taint) }
        }
    }
}
