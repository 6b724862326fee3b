import MarvelCore

/// One reconcile step of a workload controller: create the pods that are
/// missing, delete the surplus and outdated ones, and report status.
struct WorkloadSync {
    var store: ClusterStore
    var events: EventRecorder
    /// Every pod in the cluster at the start of the tick.
    var allPods: [JSONValue]
    /// Nodes as the scheduler sees them (for DaemonSet eligibility).
    var nodes: [SchedulingNode]

    private var status: StatusWriter { StatusWriter(store: store) }

    private func create(_ pod: JSONValue, owner: JSONValue, kind: String, apiVersion: String) {
        guard (try? store.create("pods", pod)) != nil else { return }
        events.record(
            about: owner, kind: kind, apiVersion: apiVersion, reason: "SuccessfulCreate",
            message: "Created pod: \(pod.objectName)", component: "\(kind.lowercased())-controller")
    }

    private func remove(_ pod: JSONValue) {
        _ = try? store.delete("pods", namespace: pod.objectNamespace, name: pod.objectName)
    }

    /// Surplus pods go first when they are not running yet, then by name from the end.
    private func deletionOrder(_ pods: [JSONValue]) -> [JSONValue] {
        pods.sorted { a, b in
            let ra = OwnedPods.phase(a) == "Running"
            let rb = OwnedPods.phase(b) == "Running"
            return ra != rb ? !ra : a.objectName > b.objectName
        }
    }

    // MARK: Deployment

    func deployment(_ d: JSONValue) {
        let factory = PodFactory(owner: d, ownerType: .deployments)
        let hash = factory.templateHash
        let replicas = max(0, d.at("spec", "replicas")?.intValue ?? 1)
        let owned = OwnedPods(owner: d.objectUID, in: allPods)
        let current = owned.withLabel("pod-template-hash", hash)
        for pod in owned.pods where pod.at("metadata", "labels", "pod-template-hash")?.stringValue != hash {
            remove(pod)
        }
        let set = "\(d.objectName)-\(hash)"
        if current.count < replicas {
            var taken = owned.names
            var i = 0
            for _ in current.count..<replicas {
                var name = "\(set)-\(NameSuffix.stable(set + "#\(i)"))"
                while taken.contains(name) {
                    i += 1
                    name = "\(set)-\(NameSuffix.stable(set + "#\(i)"))"
                }
                taken.insert(name)
                create(
                    factory.pod(name: name, extraLabels: ["pod-template-hash": hash]), owner: d, kind: "Deployment",
                    apiVersion: "apps/v1")
            }
        } else if current.count > replicas {
            for pod in deletionOrder(current).prefix(current.count - replicas) { remove(pod) }
        }
        let live = OwnedPods(pods: Array(current.prefix(replicas)))
        let ready = min(live.ready, replicas)
        let count = replicas
        let maxUnavailable = replicas / 4
        let available = ready >= replicas - maxUnavailable
        let complete = ready == replicas && current.count == replicas
        var s: JSONObject = ["observedGeneration": d.at("metadata", "generation") ?? 1, "replicas": .int(count)]
        s["updatedReplicas"] = .int(count)
        s["readyReplicas"] = .int(ready)
        s["availableReplicas"] = .int(ready)
        if replicas - ready > 0 { s["unavailableReplicas"] = .int(replicas - ready) }
        s["conditions"] = [
            [
                "type": "Available", "status": available ? "True" : "False",
                "reason": available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                "message": available
                    ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
            ],
            [
                "type": "Progressing", "status": "True",
                "reason": complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                "message": .string(
                    complete
                        ? "ReplicaSet \"\(set)\" has successfully progressed." : "ReplicaSet \"\(set)\" is progressing."),
            ],
        ]
        status.write(.deployments, d, status: .object(s))
    }

    // MARK: StatefulSet

    func statefulSet(_ sts: JSONValue) {
        let factory = PodFactory(owner: sts, ownerType: .statefulSets)
        let revision = "\(sts.objectName)-\(factory.templateHash)"
        let replicas = max(0, sts.at("spec", "replicas")?.intValue ?? 1)
        let parallel = sts.at("spec", "podManagementPolicy")?.stringValue == "Parallel"
        let owned = OwnedPods(owner: sts.objectUID, in: allPods)
        var byOrdinal: [Int: JSONValue] = [:]
        for pod in owned.pods {
            let ordinal = pod.objectName.split(separator: "-").last.flatMap { Int($0) } ?? -1
            let outdated = pod.at("metadata", "labels", "controller-revision-hash")?.stringValue != revision
            if ordinal < 0 || ordinal >= replicas || outdated { remove(pod) } else { byOrdinal[ordinal] = pod }
        }
        for ordinal in 0..<replicas where byOrdinal[ordinal] == nil {
            let earlierReady = (0..<ordinal).allSatisfy { byOrdinal[$0].map(OwnedPods.isReady) ?? false }
            guard parallel || earlierReady else { break }
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
            create(pod, owner: sts, kind: "StatefulSet", apiVersion: "apps/v1")
            if !parallel { break }
        }
        let live = OwnedPods(pods: Array(byOrdinal.values))
        let s: JSONValue = [
            "observedGeneration": sts.at("metadata", "generation") ?? 1, "replicas": .int(live.pods.count),
            "readyReplicas": .int(live.ready), "currentReplicas": .int(live.pods.count),
            "updatedReplicas": .int(live.pods.count), "availableReplicas": .int(live.ready),
            "currentRevision": .string(revision), "updateRevision": .string(revision), "collisionCount": 0,
        ]
        status.write(.statefulSets, sts, status: s)
    }

    // MARK: DaemonSet

    func daemonSet(_ ds: JSONValue) {
        let factory = PodFactory(owner: ds, ownerType: .daemonSets)
        let hash = factory.templateHash
        let owned = OwnedPods(owner: ds.objectUID, in: allPods)
        var eligible: [String] = []
        for node in nodes {
            let probe = factory.pod(name: "probe", extraLabels: [:], nodeAffinityTo: node.name)
            guard let pod = try? SchedulingPod(json: probe) else { continue }
            var unlimited = node
            unlimited.requested = [:]
            unlimited.podCount = 0
            let reasons = SchedulingFilters.reasons(pod, on: unlimited).filter {
                !$0.hasPrefix("Insufficient") && $0 != "Too many pods"
            }
            if reasons.isEmpty { eligible.append(node.name) }
        }
        var keep: [JSONValue] = []
        for pod in owned.pods {
            let wanted = eligible.contains { "\(ds.objectName)-\(NameSuffix.stable(ds.objectName + "@" + $0))" == pod.objectName }
            let current = pod.at("metadata", "labels", "controller-revision-hash")?.stringValue == hash
            if wanted && current { keep.append(pod) } else { remove(pod) }
        }
        let names = Set(keep.map(\.objectName))
        for node in eligible {
            let name = "\(ds.objectName)-\(NameSuffix.stable(ds.objectName + "@" + node))"
            guard !names.contains(name) else { continue }
            let pod = factory.pod(
                name: name, extraLabels: ["controller-revision-hash": hash, "pod-template-generation": "1"],
                nodeAffinityTo: node)
            create(pod, owner: ds, kind: "DaemonSet", apiVersion: "apps/v1")
        }
        let live = OwnedPods(pods: keep)
        let scheduled = keep.filter { !($0.at("spec", "nodeName")?.stringValue ?? "").isEmpty }.count
        let s: JSONValue = [
            "observedGeneration": ds.at("metadata", "generation") ?? 1,
            "desiredNumberScheduled": .int(eligible.count), "currentNumberScheduled": .int(scheduled),
            "numberMisscheduled": 0, "numberReady": .int(live.ready), "numberAvailable": .int(live.ready),
            "updatedNumberScheduled": .int(scheduled), "numberUnavailable": .int(max(0, eligible.count - live.ready)),
        ]
        status.write(.daemonSets, ds, status: s)
    }

    // MARK: Job

    func job(_ job: JSONValue) {
        let isDone = (job.at("status", "conditions")?.arrayValue ?? []).contains {
            ["Complete", "Failed"].contains($0["type"]?.stringValue ?? "") && $0["status"]?.stringValue == "True"
        }
        if isDone { return }
        let factory = PodFactory(owner: job, ownerType: .jobs)
        let completions = max(1, job.at("spec", "completions")?.intValue ?? 1)
        let parallelism = max(0, job.at("spec", "parallelism")?.intValue ?? 1)
        let owned = OwnedPods(owner: job.objectUID, in: allPods)
        let succeeded = owned.pods.filter { OwnedPods.phase($0) == "Succeeded" }.count
        let failed = owned.pods.filter { OwnedPods.phase($0) == "Failed" }.count
        var active = owned.active.count
        if failed > (job.at("spec", "backoffLimit")?.intValue ?? 6) {
            jobFailed(job, owned: owned, succeeded: succeeded, failed: failed)
            return
        }
        let wanted = min(parallelism, completions - succeeded) - active
        if wanted > 0 {
            var taken = owned.names
            var i = owned.pods.count
            let labels = [
                "batch.kubernetes.io/controller-uid": job.objectUID, "batch.kubernetes.io/job-name": job.objectName,
                "controller-uid": job.objectUID, "job-name": job.objectName,
            ]
            for _ in 0..<wanted {
                var name = "\(job.objectName)-\(NameSuffix.stable(job.objectUID + "#\(i)"))"
                while taken.contains(name) {
                    i += 1
                    name = "\(job.objectName)-\(NameSuffix.stable(job.objectUID + "#\(i)"))"
                }
                taken.insert(name)
                create(factory.pod(name: name, extraLabels: labels), owner: job, kind: "Job", apiVersion: "batch/v1")
                active += 1
            }
        }
        let now = Timestamp.format(store.now)
        var s: JSONObject = [
            "startTime": job.at("status", "startTime") ?? .string(now),
            "active": .int(succeeded >= completions ? 0 : active), "succeeded": .int(succeeded),
            "ready": .int(owned.active.filter(OwnedPods.isReady).count),
        ]
        if failed > 0 { s["failed"] = .int(failed) }
        s["uncountedTerminatedPods"] = [:]
        if succeeded >= completions {
            s["completionTime"] = .string(now)
            s["conditions"] = [
                ["type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached",
                 "message": "Reached expected number of succeeded pods"],
                ["type": "Complete", "status": "True", "reason": "CompletionsReached",
                 "message": "Reached expected number of succeeded pods"],
            ]
            events.record(
                about: job, kind: "Job", apiVersion: "batch/v1", reason: "Completed", message: "Job completed",
                component: "job-controller")
        }
        status.write(.jobs, job, status: .object(s))
    }
}
