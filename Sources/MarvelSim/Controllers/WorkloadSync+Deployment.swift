import MarvelCore

/// The deployment controller: one ReplicaSet per pod template (named
/// `NAME-HASH`, numbered by the `deployment.kubernetes.io/revision`
/// annotation), the new one scaled up and the old ones down as the strategy
/// allows (RollingUpdate: `maxSurge`/`maxUnavailable`; Recreate: old pods
/// gone first), old ones kept at 0 up to `revisionHistoryLimit`. A template
/// equal to an old ReplicaSet's (an undo) brings that ReplicaSet back as the
/// newest revision.
extension WorkloadSync {
    func deployment(_ d: JSONValue, replicaSets: [JSONValue]) {
        let owned = replicaSets.filter { $0.objectNamespace == d.objectNamespace && Self.controllerUID($0) == d.objectUID }
        let template = d.at("spec", "template") ?? [:]
        let replicas = max(0, d.at("spec", "replicas")?.intValue ?? 1)
        let paused = d.at("spec", "paused")?.boolValue ?? false
        let recreate = d.at("spec", "strategy", "type")?.stringValue == "Recreate"
        let limits = RollingUpdateLimits(deployment: d, replicas: replicas)
        var sets = owned.map(ReplicaSetState.init).sorted { $0.revision < $1.revision }
        let maxRevision = sets.map(\.revision).max() ?? 0
        var newIndex = sets.firstIndex { PodTemplateHash.equalIgnoringHash($0.template, template) }

        if newIndex == nil && !paused {
            let current = sets.reduce(0) { $0 + $1.replicas }
            let oldPods = sets.contains { $0.replicas > 0 || $0.running > 0 }
            let initial = recreate ? (oldPods ? 0 : replicas) : max(0, min(replicas + limits.maxSurge - current, replicas))
            guard let created = createReplicaSet(for: d, revision: maxRevision + 1, replicas: initial, limits: limits) else {
                return
            }
            sets.append(ReplicaSetState(created))
            newIndex = sets.count - 1
        } else if let i = newIndex, sets[i].revision < maxRevision, !paused {
            sets[i].object = promote(sets[i].object, to: maxRevision + 1, in: d)
        }
        if let i = newIndex { syncAnnotations(d, newSet: sets[i], limits: limits, replicas: replicas) }

        if paused {
            if let i = newIndex ?? sets.indices.last, sets.indices.allSatisfy({ $0 == i || sets[$0].replicas == 0 }) {
                scale(&sets[i], to: replicas, in: d, limits: limits)
            }
        } else if let n = newIndex {
            if recreate {
                rollRecreate(&sets, new: n, replicas: replicas, in: d, limits: limits)
            } else {
                rollRolling(&sets, new: n, replicas: replicas, in: d, limits: limits)
            }
        }
        pruneHistory(sets, keeping: newIndex.map { sets[$0].name }, of: d)
        writeDeploymentStatus(d, sets: sets, new: newIndex.map { sets[$0] }, replicas: replicas, limits: limits, paused: paused)
    }

    // MARK: strategies

    private func rollRecreate(
        _ sets: inout [ReplicaSetState], new n: Int, replicas: Int, in d: JSONValue, limits: RollingUpdateLimits
    ) {
        var oldRunning = false
        for i in sets.indices where i != n {
            if sets[i].replicas > 0 { scale(&sets[i], to: 0, in: d, limits: limits) }
            let pods = OwnedPods(owner: sets[i].object.objectUID, in: allPods).active
            if !pods.isEmpty || sets[i].running > 0 { oldRunning = true }
        }
        if !oldRunning { scale(&sets[n], to: replicas, in: d, limits: limits) }
    }

    private func rollRolling(
        _ sets: inout [ReplicaSetState], new n: Int, replicas: Int, in d: JSONValue, limits: RollingUpdateLimits
    ) {
        // Scale the new ReplicaSet up as far as the surge allows.
        if sets[n].replicas > replicas {
            scale(&sets[n], to: replicas, in: d, limits: limits)
        } else if sets[n].replicas < replicas {
            let total = sets.reduce(0) { $0 + $1.replicas }
            let room = replicas + limits.maxSurge - total
            if room > 0 { scale(&sets[n], to: sets[n].replicas + min(room, replicas - sets[n].replicas), in: d, limits: limits) }
        }
        // Scale the old ones down as far as availability allows: unhealthy replicas first.
        let olds = sets.indices.filter { $0 != n && sets[$0].replicas > 0 }
        guard !olds.isEmpty else { return }
        let minAvailable = replicas - limits.maxUnavailable
        let all = sets.reduce(0) { $0 + $1.replicas }
        let newUnavailable = max(0, sets[n].replicas - sets[n].available)
        var budget = all - minAvailable - newUnavailable
        for i in olds where budget > 0 {
            let unhealthy = max(0, sets[i].replicas - sets[i].available)
            let down = min(unhealthy, budget)
            if down > 0 {
                scale(&sets[i], to: sets[i].replicas - down, in: d, limits: limits)
                budget -= down
            }
        }
        let available = sets.reduce(0) { $0 + min($1.available, $1.replicas) }
        var excess = available - minAvailable
        for i in olds where excess > 0 && sets[i].replicas > 0 {
            let down = min(sets[i].replicas, excess)
            scale(&sets[i], to: sets[i].replicas - down, in: d, limits: limits)
            excess -= down
        }
    }

    // MARK: ReplicaSets

    private func createReplicaSet(for d: JSONValue, revision: Int, replicas: Int, limits: RollingUpdateLimits) -> JSONValue? {
        let collisions = d.at("status", "collisionCount")?.intValue ?? 0
        var template = d.at("spec", "template") ?? [:]
        let hash = PodTemplateHash.of(collisions == 0 ? template : ["template": template, "collisionCount": .int(collisions)])
        if template["metadata"] == nil { template["metadata"] = [:] }
        if template.at("metadata", "labels") == nil { template["metadata"]?["labels"] = [:] }
        template["metadata"]?["labels"]?[PodTemplateHash.label] = .string(hash)
        var selector = d.at("spec", "selector") ?? [:]
        if selector["matchLabels"] == nil { selector["matchLabels"] = [:] }
        selector["matchLabels"]?[PodTemplateHash.label] = .string(hash)
        var annotations = copiedAnnotations(of: d)
        annotations[DeploymentAnnotations.desiredReplicas] = .string(String(d.at("spec", "replicas")?.intValue ?? 1))
        annotations[DeploymentAnnotations.maxReplicas] = .string(String((d.at("spec", "replicas")?.intValue ?? 1) + limits.maxSurge))
        annotations[DeploymentAnnotations.revision] = .string(String(revision))
        var spec: JSONObject = ["replicas": .int(replicas), "selector": selector, "template": template]
        if let ready = d.at("spec", "minReadySeconds") { spec["minReadySeconds"] = ready }
        let name = "\(d.objectName)-\(hash)"
        let rs: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string(name), "namespace": .string(d.objectNamespace),
                "labels": template.at("metadata", "labels") ?? [:], "annotations": .object(annotations),
                "ownerReferences": [Self.ownerReference(d, type: .deployments)], "generation": 1,
            ],
            "spec": .object(spec), "status": ["replicas": 0],
        ]
        do {
            let created = try store.create(ResourceType.replicaSets.name, rs)
            if replicas > 0 { scaledEvent(d, name: name, from: 0, to: replicas) }
            return created
        } catch {
            // A ReplicaSet of that name that is not this template's: hash again with one more collision.
            if case .alreadyExists = error {
                _ = try? store.modify(ResourceType.deployments.name, namespace: d.objectNamespace, name: d.objectName) {
                    $0["status"]?["collisionCount"] = .int(collisions + 1)
                }
            }
            return nil
        }
    }

    /// An old ReplicaSet whose template the Deployment has again becomes revision `number`.
    private func promote(_ rs: JSONValue, to number: Int, in d: JSONValue) -> JSONValue {
        let old = rs.at("metadata", "annotations", DeploymentAnnotations.revision)?.stringValue ?? ""
        let updated = try? store.modify(ResourceType.replicaSets.name, namespace: rs.objectNamespace, name: rs.objectName) { o in
            if o.at("metadata", "annotations") == nil { o["metadata"]?["annotations"] = [:] }
            let history = o.at("metadata", "annotations", DeploymentAnnotations.revisionHistory)?.stringValue ?? ""
            o["metadata"]?["annotations"]?[DeploymentAnnotations.revisionHistory] =
                .string(history.isEmpty ? old : "\(history),\(old)")
            o["metadata"]?["annotations"]?[DeploymentAnnotations.revision] = .string(String(number))
        }
        events.record(
            about: d, kind: "Deployment", apiVersion: "apps/v1", reason: "DeploymentRollback",
            message: "Rolled back deployment \"\(d.objectName)\" to revision \(old)", component: "deployment-controller")
        return updated ?? rs
    }

    /// The new ReplicaSet carries the Deployment's annotations; the Deployment its revision.
    private func syncAnnotations(_ d: JSONValue, newSet: ReplicaSetState, limits: RollingUpdateLimits, replicas: Int) {
        let current = newSet.object.at("metadata", "annotations")?.objectValue ?? JSONObject()
        var wanted = current
        for m in copiedAnnotations(of: d) { wanted[m.key] = m.value }
        wanted[DeploymentAnnotations.desiredReplicas] = .string(String(replicas))
        wanted[DeploymentAnnotations.maxReplicas] = .string(String(replicas + limits.maxSurge))
        if PodTemplateHash.canonical(.object(wanted)) != PodTemplateHash.canonical(.object(current)) {
            let resolved = wanted
            _ = try? store.modify(ResourceType.replicaSets.name, namespace: newSet.object.objectNamespace, name: newSet.name) {
                $0["metadata"]?["annotations"] = .object(resolved)
            }
        }
        let revision = String(max(1, newSet.revision))
        if d.at("metadata", "annotations", DeploymentAnnotations.revision)?.stringValue != revision {
            _ = try? store.modify(ResourceType.deployments.name, namespace: d.objectNamespace, name: d.objectName) { o in
                if o.at("metadata", "annotations") == nil { o["metadata"]?["annotations"] = [:] }
                o["metadata"]?["annotations"]?[DeploymentAnnotations.revision] = .string(revision)
            }
        }
    }

    private func copiedAnnotations(of d: JSONValue) -> JSONObject {
        var out = JSONObject()
        for m in d.at("metadata", "annotations")?.objectValue ?? JSONObject() where !DeploymentAnnotations.notCopied.contains(m.key) {
            out[m.key] = m.value
        }
        return out
    }

    private func scale(_ set: inout ReplicaSetState, to replicas: Int, in d: JSONValue, limits: RollingUpdateLimits) {
        guard set.replicas != replicas else { return }
        let from = set.replicas
        let desired = d.at("spec", "replicas")?.intValue ?? 1
        let updated = try? store.modify(ResourceType.replicaSets.name, namespace: set.object.objectNamespace, name: set.name) { o in
            o["spec"]?["replicas"] = .int(replicas)
            let generation = o.at("metadata", "generation")?.intValue ?? 1
            o["metadata"]?["generation"] = .int(generation + 1)
            if o.at("metadata", "annotations") == nil { o["metadata"]?["annotations"] = [:] }
            o["metadata"]?["annotations"]?[DeploymentAnnotations.desiredReplicas] = .string(String(desired))
            o["metadata"]?["annotations"]?[DeploymentAnnotations.maxReplicas] = .string(String(desired + limits.maxSurge))
        }
        guard let updated else { return }
        set.object = updated
        set.replicas = replicas
        scaledEvent(d, name: set.name, from: from, to: replicas)
    }

    private func scaledEvent(_ d: JSONValue, name: String, from: Int, to: Int) {
        events.record(
            about: d, kind: "Deployment", apiVersion: "apps/v1", reason: "ScalingReplicaSet",
            message: "Scaled \(to > from ? "up" : "down") replica set \(name) to \(to) from \(from)",
            component: "deployment-controller")
    }

    /// Deletes the oldest idle ReplicaSets beyond `revisionHistoryLimit` (default 10).
    private func pruneHistory(_ sets: [ReplicaSetState], keeping current: String?, of d: JSONValue) {
        let limit = max(0, d.at("spec", "revisionHistoryLimit")?.intValue ?? 10)
        let idle = sets.filter {
            $0.name != current && $0.replicas == 0 && $0.running == 0
                && OwnedPods(owner: $0.object.objectUID, in: allPods).active.isEmpty
        }
        for rs in idle.prefix(max(0, idle.count - limit)) {
            _ = try? store.delete(ResourceType.replicaSets.name, namespace: rs.object.objectNamespace, name: rs.name)
        }
    }

    // MARK: status

    private func writeDeploymentStatus(
        _ d: JSONValue, sets: [ReplicaSetState], new: ReplicaSetState?, replicas: Int, limits: RollingUpdateLimits,
        paused: Bool
    ) {
        let total = sets.reduce(0) { $0 + $1.replicas }
        let running = sets.reduce(0) { $0 + $1.running }
        let ready = sets.reduce(0) { $0 + $1.ready }
        let available = sets.reduce(0) { $0 + $1.available }
        let updated = new?.running ?? 0
        var s: JSONObject = ["observedGeneration": d.at("metadata", "generation") ?? 1, "replicas": .int(running)]
        s["updatedReplicas"] = .int(updated)
        s["readyReplicas"] = .int(ready)
        s["availableReplicas"] = .int(available)
        if total - available > 0 { s["unavailableReplicas"] = .int(total - available) }
        let isAvailable = available >= replicas - limits.maxUnavailable
        let complete = new != nil && updated == replicas && available == replicas && running == replicas
        let newName = new?.name ?? ""
        var progressing: JSONObject
        if paused {
            progressing = ["type": "Progressing", "status": "Unknown", "reason": "DeploymentPaused", "message": "Deployment is paused"]
        } else if complete {
            progressing = [
                "type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                "message": .string("ReplicaSet \"\(newName)\" has successfully progressed."),
            ]
        } else {
            progressing = [
                "type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                "message": .string("ReplicaSet \"\(newName)\" is progressing."),
            ]
        }
        s["conditions"] = [
            [
                "type": "Available", "status": isAvailable ? "True" : "False",
                "reason": isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                "message": isAvailable
                    ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
            ],
            .object(progressing),
        ]
        if let c = d.at("status", "collisionCount") { s["collisionCount"] = c }
        status.write(.deployments, d, status: .object(s))
    }
}
