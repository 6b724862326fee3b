import MarvelCore

/// The StatefulSet controller: pods `NAME-0…NAME-(n-1)` started in order (or
/// all at once with `podManagementPolicy: Parallel`), each with its claims
/// from `volumeClaimTemplates`; a new template replaces pods from the highest
/// ordinal down, one at a time once all are ready (RollingUpdate, honouring
/// `partition`) or when they are deleted (OnDelete); the template history is
/// kept as ControllerRevisions.
extension WorkloadSync {
    func statefulSet(_ sts: JSONValue) {
        let factory = PodFactory(owner: sts, ownerType: .statefulSets)
        let revision = "\(sts.objectName)-\(factory.templateHash)"
        let replicas = max(0, sts.at("spec", "replicas")?.intValue ?? 1)
        let parallel = sts.at("spec", "podManagementPolicy")?.stringValue == "Parallel"
        let owned = OwnedPods(owner: sts.objectUID, in: allPods).pods.filter { !Finalizers.isTerminating($0) }
        ControllerHistory(store: store, owner: sts, ownerType: .statefulSets).record(
            name: revision, hash: revision, keepingHashes: Set(owned.map(Self.revisionHash)))
        var byOrdinal: [Int: JSONValue] = [:]
        for pod in owned {
            let ordinal = pod.objectName.split(separator: "-").last.flatMap { Int($0) } ?? -1
            if ordinal < 0 || ordinal >= replicas { remove(pod) } else { byOrdinal[ordinal] = pod }
        }
        for ordinal in 0..<replicas where byOrdinal[ordinal] == nil {
            let earlierReady = (0..<ordinal).allSatisfy { byOrdinal[$0].map(OwnedPods.isReady) ?? false }
            guard parallel || earlierReady else { break }
            createStatefulPod(sts, factory: factory, ordinal: ordinal, revision: revision)
            if !parallel { break }
        }
        let strategy = sts.at("spec", "updateStrategy", "type")?.stringValue ?? "RollingUpdate"
        let partition = max(0, sts.at("spec", "updateStrategy", "rollingUpdate", "partition")?.intValue ?? 0)
        let allReady = byOrdinal.count == replicas && byOrdinal.values.allSatisfy(OwnedPods.isReady)
        if strategy == "RollingUpdate", allReady,
            let outdated = byOrdinal.keys.sorted(by: >).first(where: {
                $0 >= partition && byOrdinal[$0].map(Self.revisionHash) != revision
            })
        {
            if let pod = byOrdinal[outdated] { remove(pod) }
            byOrdinal[outdated] = nil
        }
        let live = OwnedPods(pods: Array(byOrdinal.values))
        let updated = live.pods.filter { Self.revisionHash($0) == revision }.count
        let previous = sts.at("status", "currentRevision")?.stringValue ?? revision
        let currentRevision = updated == replicas ? revision : previous
        let s: JSONValue = [
            "observedGeneration": sts.at("metadata", "generation") ?? 1, "replicas": .int(live.pods.count),
            "readyReplicas": .int(live.ready), "availableReplicas": .int(live.ready),
            "currentReplicas": .int(live.pods.filter { Self.revisionHash($0) == currentRevision }.count),
            "updatedReplicas": .int(updated), "currentRevision": .string(currentRevision),
            "updateRevision": .string(revision), "collisionCount": 0,
        ]
        status.write(.statefulSets, sts, status: s)
    }

    private func createStatefulPod(_ sts: JSONValue, factory: PodFactory, ordinal: Int, revision: String) {
        let name = "\(sts.objectName)-\(ordinal)"
        var pod = factory.pod(
            name: name,
            extraLabels: [
                "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": name,
                "apps.kubernetes.io/pod-index": String(ordinal),
            ])
        pod["metadata"]?["generateName"] = nil
        if let service = sts.at("spec", "serviceName")?.stringValue, !service.isEmpty {
            pod["spec"]?["hostname"] = .string(name)
            pod["spec"]?["subdomain"] = .string(service)
        }
        var volumes = pod.at("spec", "volumes")?.arrayValue ?? []
        for template in sts.at("spec", "volumeClaimTemplates")?.arrayValue ?? [] {
            let volume = template.objectName
            let claim = "\(volume)-\(name)"
            ensureClaim(claim, for: name, from: template, of: sts)
            volumes.removeAll { $0["name"]?.stringValue == volume }
            volumes.append(["name": .string(volume), "persistentVolumeClaim": ["claimName": .string(claim)]])
        }
        if !volumes.isEmpty { pod["spec"]?["volumes"] = .array(volumes) }
        create(pod, owner: sts, kind: "StatefulSet", apiVersion: "apps/v1")
    }

    /// Creates the claim of one pod from a `volumeClaimTemplates` entry unless it exists
    /// (claims outlive their pods: a pod that comes back finds its data).
    private func ensureClaim(_ name: String, for pod: String, from template: JSONValue, of sts: JSONValue) {
        let namespace = sts.objectNamespace
        guard store.get(ResourceType.persistentVolumeClaims.name, namespace: namespace, name: name) == nil else { return }
        var labels = template.at("metadata", "labels")?.objectValue ?? JSONObject()
        for m in sts.at("spec", "selector", "matchLabels")?.objectValue ?? JSONObject() { labels[m.key] = m.value }
        var metadata: JSONObject = ["name": .string(name), "namespace": .string(namespace)]
        if !labels.isEmpty { metadata["labels"] = .object(labels) }
        if let annotations = template.at("metadata", "annotations") { metadata["annotations"] = annotations }
        let claim: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": .object(metadata),
            "spec": template["spec"] ?? [:], "status": ["phase": "Pending"],
        ]
        guard (try? store.create(ResourceType.persistentVolumeClaims.name, claim)) != nil else { return }
        events.record(
            about: sts, kind: "StatefulSet", apiVersion: "apps/v1", reason: "SuccessfulCreate",
            message: "create Claim \(name) Pod \(pod) in StatefulSet \(sts.objectName) success",
            component: "statefulset-controller")
    }
}
