import Foundation
import MarvelCore

/// Builds the API object of a running system pod: the spec its controller
/// would have created and the status its kubelet would report.
struct PodManifest {
    var pod: PlacedPod
    /// The uid of the owner: the DaemonSet, the ReplicaSet, or the node of a static pod.
    var ownerUID: String
    var podIP: String
    var now: Date

    private var workload: WorkloadDescription { pod.workload }
    private var node: NodeDescription { pod.node }

    func build() -> JSONValue {
        [
            "kind": "Pod", "apiVersion": "v1",
            "metadata": .object(metadata()),
            "spec": .object(spec()),
            "status": .object(status()),
        ]
    }

    private func metadata() -> JSONObject {
        var labels = workload.labels
        labels.merge(pod.controllerLabels) { _, new in new }
        var m: JSONObject = ["name": .string(pod.name)]
        if pod.ownerKind != "Node" { m["generateName"] = .string(pod.ownerName + "-") }
        m["namespace"] = .string(workload.namespace)
        m["creationTimestamp"] = .string(Timestamp.format(pod.created))
        m["labels"] = .object(sortedObject(labels))
        var annotations: [String: String] = [:]
        if pod.ownerKind == "Node" {
            let hash = StableID.hex(pod.name + "config", count: 32)
            annotations["kubernetes.io/config.hash"] = hash
            annotations["kubernetes.io/config.mirror"] = hash
            annotations["kubernetes.io/config.seen"] = Timestamp.format(pod.created)
            annotations["kubernetes.io/config.source"] = "file"
        } else if !workload.hostNetwork {
            annotations["cni.projectcalico.org/podIP"] = podIP + "/32"
            annotations["cni.projectcalico.org/podIPs"] = podIP + "/32"
        }
        if !annotations.isEmpty { m["annotations"] = .object(sortedObject(annotations)) }
        let ownerAPIVersion = pod.ownerKind == "Node" ? "v1" : "apps/v1"
        m["ownerReferences"] = [
            [
                "apiVersion": .string(ownerAPIVersion), "kind": .string(pod.ownerKind), "name": .string(pod.ownerName),
                "uid": .string(ownerUID), "controller": true, "blockOwnerDeletion": true,
            ]
        ]
        return m
    }

    private func spec() -> JSONObject {
        var s = WorkloadTemplate(workload: workload).spec
        if pod.ownerKind == "DaemonSet" {
            s["affinity"] = [
                "nodeAffinity": [
                    "requiredDuringSchedulingIgnoredDuringExecution": [
                        "nodeSelectorTerms": [
                            [
                                "matchFields": [
                                    ["key": "metadata.name", "operator": "In", "values": [.string(node.name)]]
                                ]
                            ]
                        ]
                    ]
                ]
            ]
        }
        s["enableServiceLinks"] = true
        s["nodeName"] = .string(node.name)
        s["preemptionPolicy"] = "PreemptLowerPriority"
        s["priority"] = .int(priorityValue)
        s["tolerations"] = .array(tolerations.map(WorkloadTemplate.tolerationJSON))
        return s
    }

    private var priorityValue: Int {
        switch workload.priorityClassName {
        case "system-node-critical": return 2_000_001_000
        case "system-cluster-critical": return 2_000_000_000
        default: return 0
        }
    }

    /// The workload's tolerations plus those its controller or admission adds.
    var tolerations: [PodToleration] { PodManifest.tolerations(for: workload) }

    static func tolerations(for workload: WorkloadDescription) -> [PodToleration] {
        var t = workload.tolerations
        switch workload.controller {
        case .daemonSet:
            t += [
                PodToleration(key: "node.kubernetes.io/not-ready", exists: true, effect: "NoExecute"),
                PodToleration(key: "node.kubernetes.io/unreachable", exists: true, effect: "NoExecute"),
                PodToleration(key: "node.kubernetes.io/disk-pressure", exists: true, effect: "NoSchedule"),
                PodToleration(key: "node.kubernetes.io/memory-pressure", exists: true, effect: "NoSchedule"),
                PodToleration(key: "node.kubernetes.io/pid-pressure", exists: true, effect: "NoSchedule"),
                PodToleration(key: "node.kubernetes.io/unschedulable", exists: true, effect: "NoSchedule"),
            ]
            if workload.hostNetwork {
                t.append(
                    PodToleration(key: "node.kubernetes.io/network-unavailable", exists: true, effect: "NoSchedule"))
            }
        case .deployment:
            t += [
                PodToleration(
                    key: "node.kubernetes.io/not-ready", exists: true, effect: "NoExecute", tolerationSeconds: 300),
                PodToleration(
                    key: "node.kubernetes.io/unreachable", exists: true, effect: "NoExecute", tolerationSeconds: 300),
            ]
        case .staticPod:
            break
        }
        return t
    }

    private func status() -> JSONObject {
        let started = pod.created.addingTimeInterval(Double(StableID.number(pod.name + "start", in: 4...25)))
        let scheduled = Timestamp.format(pod.created)
        let running = Timestamp.format(started)
        let ready = node.ready
        let notReadySince = Timestamp.format(NodeManifest.lostContact(node: node.name, now: now))
        func condition(_ type: String, _ ok: Bool, _ since: String) -> JSONValue {
            [
                "type": .string(type), "status": .string(ok ? "True" : "False"), "lastProbeTime": nil,
                "lastTransitionTime": .string(since),
            ]
        }
        let restarts = ready ? 0 : StableID.number(pod.name + "restarts", in: 1...4)
        // A restarted container: the previous one ran from the pod's start until some
        // minutes before the node lost contact, and the current one started just after.
        let lost = NodeManifest.lostContact(node: node.name, now: now)
        let previousEnd = max(
            started.addingTimeInterval(60), lost.addingTimeInterval(-Double(StableID.number(pod.name + "exit", in: 600...3_600))))
        let currentStart = restarts > 0 ? Timestamp.format(previousEnd.addingTimeInterval(12)) : running
        func lastState(_ container: String) -> JSONValue {
            guard restarts > 0 else { return [:] }
            return [
                "terminated": [
                    "exitCode": 255, "reason": "Unknown", "startedAt": .string(running),
                    "finishedAt": .string(Timestamp.format(previousEnd)),
                    "containerID": .string("containerd://" + StableID.hex(pod.name + "/" + container + "/previous", count: 64)),
                ]
            ]
        }
        return [
            "phase": "Running",
            "conditions": [
                condition("PodReadyToStartContainers", true, running),
                condition("Initialized", true, scheduled),
                condition("Ready", ready, ready ? running : notReadySince),
                condition("ContainersReady", ready, ready ? running : notReadySince),
                condition("PodScheduled", true, scheduled),
            ],
            "hostIP": .string(node.internalIP),
            "hostIPs": [["ip": .string(node.internalIP)]],
            "podIP": .string(podIP),
            "podIPs": [["ip": .string(podIP)]],
            "startTime": .string(scheduled),
            "containerStatuses": .array(
                workload.containers.map { c in
                    [
                        "name": .string(c.name),
                        "state": ["running": ["startedAt": .string(currentStart)]],
                        "lastState": lastState(c.name),
                        "ready": .bool(ready),
                        "restartCount": .int(restarts),
                        "image": .string(c.image),
                        "imageID": .string(imageID(c.image)),
                        "containerID": .string("containerd://" + StableID.hex(pod.name + "/" + c.name, count: 64)),
                        "started": true,
                    ]
                }),
            "qosClass": .string(qosClass),
        ]
    }

    private func imageID(_ image: String) -> String {
        let repository = image.split(separator: ":").dropLast().joined(separator: ":")
        return repository + "@" + StableID.imageDigest(image, arch: node.arch)
    }

    /// Guaranteed when every container's requests equal its cpu and memory
    /// limits, BestEffort when none asks for anything, Burstable otherwise.
    var qosClass: String {
        let cs = workload.containers
        if cs.allSatisfy({ $0.requests.isEmpty && $0.limits.isEmpty }) { return "BestEffort" }
        let guaranteed = cs.allSatisfy { c in
            ["cpu", "memory"].allSatisfy { r in
                guard let limit = c.limits[r] else { return false }
                return (c.requests[r] ?? limit) == limit
            }
        }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
