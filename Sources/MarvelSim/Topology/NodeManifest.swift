import Foundation
import MarvelCore

/// Builds the API object of a node from its description, the way a kubelet
/// (capacity, allocatable, conditions, nodeInfo) and the node controller
/// (podCIDR, unreachable taints) would have written it.
struct NodeManifest {
    var node: NodeDescription
    /// Position in the topology; picks the node's pod CIDR.
    var index: Int
    var created: Date
    var now: Date
    /// Images of the pods placed on the node (for `status.images`).
    var images: [String]

    var podCIDR: String { "\(NodeManifest.podNetwork(index)).0/24" }

    /// The first three octets of the /24 pod network of the node at `index`
    /// (10.128.0.0/9 holds 32,768 of them, enough for any topology).
    static func podNetwork(_ index: Int) -> String { "10.\(128 + index / 256 % 128).\(index % 256)" }

    func build() -> JSONValue {
        var metadata: JSONObject = [
            "name": .string(node.name),
            "labels": .object(sortedObject(node.labels)),
            "annotations": [
                "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
                "node.alpha.kubernetes.io/ttl": "0",
                "projectcalico.org/IPv4Address": .string(node.internalIP + "/24"),
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            ],
        ]
        if let vpn = node.vpnAddress { metadata["annotations"]?[VPNAddress.annotation] = .string(vpn) }
        metadata["creationTimestamp"] = .string(Timestamp.format(created))
        var spec: JSONObject = ["podCIDR": .string(podCIDR), "podCIDRs": [.string(podCIDR)]]
        let taints = node.effectiveTaints
        if !taints.isEmpty { spec["taints"] = .array(taints.map(taintJSON)) }
        if node.unschedulable { spec["unschedulable"] = true }
        return [
            "kind": "Node", "apiVersion": "v1",
            "metadata": .object(metadata),
            "spec": .object(spec),
            "status": .object(status()),
        ]
    }

    private func taintJSON(_ t: NodeTaint) -> JSONValue {
        var o: JSONObject = ["key": .string(t.key)]
        if !t.value.isEmpty { o["value"] = .string(t.value) }
        o["effect"] = .string(t.effect)
        if t.key.hasPrefix("node.kubernetes.io/") { o["timeAdded"] = .string(Timestamp.format(lostContact)) }
        return .object(o)
    }

    /// When an unhealthy node's kubelet last posted status.
    private var lostContact: Date { NodeManifest.lostContact(node: node.name, now: now) }

    /// When an unhealthy node's kubelet last posted status: two to four hours ago.
    static func lostContact(node name: String, now: Date) -> Date {
        now.addingTimeInterval(-Double(StableID.number(name + "lost", in: 7_200...14_400)))
    }

    private func status() -> JSONObject {
        let (capacity, allocatable) = resources()
        return [
            "capacity": .object(capacity),
            "allocatable": .object(allocatable),
            "conditions": .array(conditions()),
            "addresses": [
                ["type": "InternalIP", "address": .string(node.internalIP)],
                ["type": "Hostname", "address": .string(node.name)],
            ],
            "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
            "nodeInfo": [
                "machineID": .string(StableID.hex(node.name + "machine", count: 32)),
                "systemUUID": .string(StableID.uuid(node.name + "system")),
                "bootID": .string(StableID.uuid(node.name + "boot")),
                "kernelVersion": .string(node.kernelVersion),
                "osImage": .string(node.osImage),
                "containerRuntimeVersion": .string(node.containerRuntimeVersion),
                "kubeletVersion": .string(node.kubeletVersion),
                "kubeProxyVersion": .string(node.kubeletVersion),
                "operatingSystem": "linux",
                "architecture": .string(node.arch),
            ],
            "images": .array(images.map(imageJSON)),
        ]
    }

    /// Capacity as the machine reports it and allocatable after the kubelet's
    /// system reservation and hard eviction threshold (100Mi, 10% of nodefs).
    private func resources() -> (JSONObject, JSONObject) {
        let totalKi = node.memoryGiB * 1_048_576
        // Firmware, kernel and (on the boards) the GPU carve-out never reach the OS.
        let hiddenKi = node.arch == "arm64" ? totalKi / 21 : totalKi / 280
        let memoryKi = totalKi - hiddenKi - StableID.number(node.name + "mem", in: 0...4095)
        let reservedCPU = node.cpu >= 16 ? 200 : 100
        let reservedMemKi = (node.memoryGiB >= 16 ? 262_144 : 0) + 102_400
        let storageKi = node.storageGiB * 1_048_576 * 49 / 50
        let storageAllocBytes = storageKi * 1024 / 10 * 9

        var capacity: JSONObject = [
            "cpu": .string(String(node.cpu)),
            "ephemeral-storage": .string("\(storageKi)Ki"),
            "hugepages-1Gi": "0", "hugepages-2Mi": "0",
            "memory": .string("\(memoryKi)Ki"),
        ]
        var allocatable: JSONObject = [
            "cpu": .string("\(node.cpu * 1000 - reservedCPU)m"),
            "ephemeral-storage": .string(String(storageAllocBytes)),
            "hugepages-1Gi": "0", "hugepages-2Mi": "0",
            "memory": .string("\(memoryKi - reservedMemKi)Ki"),
        ]
        if node.gpus > 0 {
            capacity["nvidia.com/gpu"] = .string(String(node.gpus))
            allocatable["nvidia.com/gpu"] = .string(String(node.gpus))
        }
        for (resource, amount) in node.extendedResources.sorted(by: { $0.key < $1.key }) {
            capacity[resource] = .string(amount)
            allocatable[resource] = .string(amount)
        }
        capacity["pods"] = "110"
        allocatable["pods"] = "110"
        return (capacity, allocatable)
    }

    private func conditions() -> [JSONValue] {
        let joined = Timestamp.format(created.addingTimeInterval(40))
        let heartbeat = Timestamp.format(now.addingTimeInterval(-Double(StableID.number(node.name + "hb", in: 2...40))))
        func condition(
            _ type: String, _ status: String, _ reason: String, _ message: String, beat: String, since: String
        )
            -> JSONValue
        {
            [
                "type": .string(type), "status": .string(status),
                "lastHeartbeatTime": .string(beat), "lastTransitionTime": .string(since),
                "reason": .string(reason), "message": .string(message),
            ]
        }
        var out: [JSONValue] = [
            condition(
                "NetworkUnavailable", "False", "CalicoIsUp", "Calico is running on this node",
                beat: joined, since: joined)
        ]
        if node.ready {
            out += [
                condition(
                    "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available",
                    beat: heartbeat, since: joined),
                condition(
                    "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                    beat: heartbeat, since: joined),
                condition(
                    "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                    beat: heartbeat, since: joined),
                condition(
                    "Ready", "True", "KubeletReady", "kubelet is posting ready status", beat: heartbeat, since: joined),
            ]
        } else {
            let lost = Timestamp.format(lostContact)
            let lastBeat = Timestamp.format(lostContact.addingTimeInterval(-40))
            let message = "Kubelet stopped posting node status."
            out += [
                condition("MemoryPressure", "Unknown", "NodeStatusUnknown", message, beat: lastBeat, since: lost),
                condition("DiskPressure", "Unknown", "NodeStatusUnknown", message, beat: lastBeat, since: lost),
                condition("PIDPressure", "Unknown", "NodeStatusUnknown", message, beat: lastBeat, since: lost),
                condition("Ready", "False", "NodeStatusUnknown", message, beat: lastBeat, since: lost),
            ]
        }
        return out
    }

    private func imageJSON(_ image: String) -> JSONValue {
        let repository = image.split(separator: ":").dropLast().joined(separator: ":")
        let digest = StableID.imageDigest(image, arch: node.arch)
        return [
            "names": [.string("\(repository)@\(digest)"), .string(image)],
            "sizeBytes": .int(StableID.number(image + "size", in: 8_000_000...180_000_000)),
        ]
    }
}

/// An object with the dictionary's members in key order (stable output).
func sortedObject(_ d: [String: String]) -> JSONObject {
    JSONObject(d.keys.sorted().map { JSONMember($0, .string(d[$0] ?? "")) })
}
