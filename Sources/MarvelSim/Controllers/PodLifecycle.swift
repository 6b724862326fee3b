import MarvelCore

/// Moves pods through their lives one step per tick: Pending → bound by the
/// scheduler (or kept Pending with a FailedScheduling event) → containers
/// creating → images pulled (or ErrImagePull/ImagePullBackOff for a private
/// registry without a matching pull Secret) → Running and ready; pods of Jobs
/// then complete.
struct PodLifecycle {
    var store: ClusterStore
    var events: EventRecorder
    var scheduler = Scheduler()
    /// Runs DynHP training pods for real; nil: they complete like any Job pod.
    var training: SimTrainingSupervisor? = nil
    /// Registries that need a login to pull from.
    var privateRegistries: PrivateRegistries = .none
    /// Ticks a Job's pod runs before it succeeds.
    static let jobRunTicks = 3

    /// One step for every pod; `runningTicks` counts ticks since Running per pod uid.
    func step(pods: [JSONValue], nodes nodeObjects: [JSONValue], runningTicks: inout [String: Int]) {
        var backoff: [String: ImagePullBackoff] = [:]
        step(pods: pods, nodes: nodeObjects, runningTicks: &runningTicks, pullBackoff: &backoff)
    }

    /// One step for every pod; `pullBackoff` keeps each pod's image-pull back-off across ticks.
    func step(
        pods: [JSONValue], nodes nodeObjects: [JSONValue], runningTicks: inout [String: Int], pullBackoff: inout [String: ImagePullBackoff]
    ) {
        let unbound = pods.contains { OwnedPods.phase($0) == "Pending" && ($0.at("spec", "nodeName")?.stringValue ?? "").isEmpty }
        var nodes = unbound ? Self.schedulingNodes(nodeObjects, pods: pods) : []
        let nodeIndex = Dictionary(nodeObjects.enumerated().map { ($1.objectName, $0) }, uniquingKeysWith: { a, _ in a })
        var usedIPs = Set(pods.compactMap { $0.at("status", "podIP")?.stringValue })
        for pod in pods {
            let phase = OwnedPods.phase(pod)
            let nodeName = pod.at("spec", "nodeName")?.stringValue ?? ""
            switch phase {
            case "Pending" where nodeName.isEmpty:
                schedule(pod, nodes: &nodes, nodeObjects: nodeObjects)
            case "Pending":
                if Self.isCreating(pod) || Self.isPullFailing(pod) {
                    guard pullImages(pod, backoff: &pullBackoff) else { continue }
                    let node = nodeIndex[nodeName].map { nodeObjects[$0] }
                    start(pod, node: node, nodeIndex: nodeIndex[nodeName] ?? 0, usedIPs: &usedIPs)
                } else {
                    modify(pod) { Self.markCreating(&$0, hostIP: Self.hostIP(nodeObjects, nodeName)) }
                }
            case "Running" where training != nil && SimTrainingSupervisor.runsInProcess(pod):
                stepTraining(pod, runningTicks: &runningTicks)
            case "Running" where Self.completes(pod):
                let ticks = runningTicks[pod.objectUID, default: 0] + 1
                runningTicks[pod.objectUID] = ticks
                if ticks >= Self.jobRunTicks {
                    modify(pod) { Self.markSucceeded(&$0, at: Timestamp.format(store.now)) }
                    runningTicks[pod.objectUID] = nil
                }
            default:
                break
            }
        }
    }

    func modify(_ pod: JSONValue, _ change: (inout JSONValue) -> Void) {
        _ = try? store.modify("pods", namespace: pod.objectNamespace, name: pod.objectName, change)
    }

    /// Pods owned by a Job run to completion.
    static func completes(_ pod: JSONValue) -> Bool {
        (pod.at("metadata", "ownerReferences")?.arrayValue ?? []).contains { $0["kind"]?.stringValue == "Job" }
    }

    static func isCreating(_ pod: JSONValue) -> Bool {
        let statuses = pod.at("status", "containerStatuses")?.arrayValue ?? []
        return !statuses.isEmpty
            && statuses.allSatisfy { $0.at("state", "waiting", "reason")?.stringValue == "ContainerCreating" }
    }

    static func schedulingNodes(_ nodeObjects: [JSONValue], pods: [JSONValue]) -> [SchedulingNode] {
        var nodes: [SchedulingNode] = nodeObjects.compactMap { json in
            (try? Node(json: json)).map(SchedulingNode.init(node:))
        }
        let index = Dictionary(nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for pod in pods where !OwnedPods.isFinished(pod) {
            guard let nodeName = pod.at("spec", "nodeName")?.stringValue, let i = index[nodeName],
                let decoded = try? Pod(json: pod)
            else { continue }
            nodes[i].bind(decoded.effectiveRequests, scoreRequests: decoded.nonZeroRequests, owner: SchedulingPod.owner(of: pod))
        }
        return nodes
    }

    private func schedule(_ pod: JSONValue, nodes: inout [SchedulingNode], nodeObjects: [JSONValue]) {
        guard var wants = try? SchedulingPod(json: pod) else { return }
        let claims = VolumeClaims(pod: pod, store: store)
        wants.volumes = claims.affinities
        let decision: SchedulingDecision
        if let blocked = claims.blocked {
            let n = nodes.count
            decision = .unschedulable(
                message: claims.blockedOnEveryNode
                    ? Scheduler.message(nodeCount: n, histogram: [blocked: n]) : "0/\(n) nodes are available: \(blocked).")
        } else {
            decision = scheduler.decide(wants, nodes: nodes)
        }
        switch decision {
        case .bind(let nodeName):
            if let i = nodes.firstIndex(where: { $0.name == nodeName }) { nodes[i].bind(wants.requests, scoreRequests: wants.scoreRequests, owner: wants.owner) }
            if let node = nodeObjects.first(where: { $0.objectName == nodeName }) {
                claims.bindWaiting(on: node, store: store, events: events)
            }
            let now = Timestamp.format(store.now)
            modify(pod) { p in
                p["spec"]?["nodeName"] = .string(nodeName)
                p["status"]?["conditions"] = [
                    ["type": "PodScheduled", "status": "True", "lastProbeTime": nil, "lastTransitionTime": .string(now)]
                ]
            }
            events.record(
                about: pod, kind: "Pod", reason: "Scheduled",
                message: "Successfully assigned \(pod.objectNamespace)/\(pod.objectName) to \(nodeName)",
                component: "default-scheduler")
        case .unschedulable(let message):
            let previous = (pod.at("status", "conditions")?.arrayValue ?? []).first {
                $0["type"]?.stringValue == "PodScheduled"
            }
            guard previous?["message"]?.stringValue != message else { return }
            let now = Timestamp.format(store.now)
            modify(pod) { p in
                p["status"]?["conditions"] = [
                    [
                        "type": "PodScheduled", "status": "False", "lastProbeTime": nil,
                        "lastTransitionTime": .string(now), "reason": "Unschedulable", "message": .string(message),
                    ]
                ]
            }
            events.record(
                about: pod, kind: "Pod", type: "Warning", reason: "FailedScheduling", message: message,
                component: "default-scheduler")
        }
    }

    private static func hostIP(_ nodes: [JSONValue], _ name: String) -> String {
        let node = nodes.first { $0.objectName == name }
        let addresses = node?.at("status", "addresses")?.arrayValue ?? []
        return addresses.first { $0["type"]?.stringValue == "InternalIP" }?["address"]?.stringValue ?? ""
    }

    static func markCreating(_ pod: inout JSONValue, hostIP: String) {
        let containers = pod.at("spec", "containers")?.arrayValue ?? []
        pod["status"]?["hostIP"] = .string(hostIP)
        if !hostIP.isEmpty { pod["status"]?["hostIPs"] = [["ip": .string(hostIP)]] }
        var conditions = pod.at("status", "conditions")?.arrayValue ?? []
        if conditions.isEmpty { conditions = [["type": "PodScheduled", "status": "True"]] }
        for type in ["Initialized", "Ready", "ContainersReady"] {
            let ready = type == "Initialized"
            var c: JSONObject = ["type": .string(type), "status": ready ? "True" : "False"]
            if !ready {
                c["reason"] = "ContainersNotReady"
                c["message"] = .string(
                    "containers with unready status: [\(containers.compactMap { $0["name"]?.stringValue }.joined(separator: " "))]")
            }
            conditions.append(.object(c))
        }
        pod["status"]?["conditions"] = .array(conditions)
        pod["status"]?["containerStatuses"] = .array(
            containers.map { c in
                [
                    "name": c["name"] ?? "", "image": c["image"] ?? "", "imageID": "",
                    "state": ["waiting": ["reason": "ContainerCreating"]], "lastState": [:],
                    "ready": false, "restartCount": 0, "started": false,
                ]
            })
    }

    private func start(_ pod: JSONValue, node: JSONValue?, nodeIndex: Int, usedIPs: inout Set<String>) {
        let hostNetwork = pod.at("spec", "hostNetwork")?.boolValue ?? false
        var ip = pod.at("status", "hostIP")?.stringValue ?? ""
        if !hostNetwork {
            let cidr = node?.at("spec", "podCIDR")?.stringValue ?? "10.244.\(nodeIndex % 256).0/24"
            let prefix = cidr.split(separator: "/").first.map { $0.split(separator: ".").prefix(3).joined(separator: ".") }
                ?? "10.244.0"
            for host in 2..<255 where !usedIPs.contains("\(prefix).\(host)") {
                ip = "\(prefix).\(host)"
                break
            }
        }
        usedIPs.insert(ip)
        let now = Timestamp.format(store.now)
        let podIP = ip
        modify(pod) { p in Self.markRunning(&p, podIP: podIP, at: now) }
        if let nodeName = pod.at("spec", "nodeName")?.stringValue { NodeImageCache.recordImages(of: pod, onNode: nodeName, store: store) }
        let image = pod.at("spec", "containers")?[0]?["image"]?.stringValue ?? ""
        events.record(
            about: pod, kind: "Pod", reason: "Started", message: "Started container with image \(image)",
            component: "kubelet")
    }

    static func markRunning(_ pod: inout JSONValue, podIP: String, at now: String) {
        pod["status"]?["phase"] = "Running"
        pod["status"]?["podIP"] = .string(podIP)
        pod["status"]?["podIPs"] = [["ip": .string(podIP)]]
        pod["status"]?["startTime"] = .string(now)
        pod["status"]?["conditions"] = .array(
            ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map {
                ["type": .string($0), "status": "True", "lastProbeTime": nil, "lastTransitionTime": .string(now)]
            })
        let statuses = pod.at("status", "containerStatuses")?.arrayValue ?? []
        let uid = pod.at("metadata", "uid")?.stringValue ?? ""
        pod["status"]?["containerStatuses"] = .array(
            statuses.map { s in
                var s = s
                let image = s["image"]?.stringValue ?? ""
                s["state"] = ["running": ["startedAt": .string(now)]]
                s["ready"] = true
                s["started"] = true
                s["imageID"] = .string(image + "@" + StableID.imageDigest(image, arch: "amd64"))
                s["containerID"] = .string(
                    "containerd://" + StableID.hex(uid + image, count: 64))
                return s
            })
    }

    static func markSucceeded(_ pod: inout JSONValue, at now: String) {
        pod["status"]?["phase"] = "Succeeded"
        pod["status"]?["conditions"] = .array(
            ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map { type in
                let done = type == "Ready" || type == "ContainersReady" || type == "PodReadyToStartContainers"
                var c: JSONObject = ["type": .string(type), "status": done ? "False" : "True"]
                if done && type != "PodReadyToStartContainers" { c["reason"] = "PodCompleted" }
                c["lastTransitionTime"] = .string(now)
                return .object(c)
            })
        let statuses = pod.at("status", "containerStatuses")?.arrayValue ?? []
        pod["status"]?["containerStatuses"] = .array(
            statuses.map { s in
                var s = s
                let started = s.at("state", "running", "startedAt") ?? .string(now)
                s["state"] = [
                    "terminated": [
                        "exitCode": 0, "reason": "Completed", "startedAt": started, "finishedAt": .string(now),
                        "containerID": s["containerID"] ?? "",
                    ]
                ]
                s["ready"] = false
                s["started"] = false
                return s
            })
    }
}
