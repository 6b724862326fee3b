import MarvelCore

/// Turns a workload's pod template into a new Pending pod: the template's
/// labels and spec, the controller's labels, an owner reference and the
/// defaults the API server adds.
struct PodFactory {
    var owner: JSONValue
    var ownerType: ResourceType

    var namespace: String { owner.at("metadata", "namespace")?.stringValue ?? "default" }
    var ownerName: String { owner.at("metadata", "name")?.stringValue ?? "" }
    var template: JSONValue { owner.at("spec", "template") ?? [:] }

    /// A hash of the pod template, as `pod-template-hash` / `controller-revision-hash`.
    var templateHash: String { PodTemplateHash.of(template) }

    func pod(name: String, extraLabels: [String: String], nodeAffinityTo node: String? = nil) -> JSONValue {
        var labels = template.at("metadata", "labels")?.objectValue ?? JSONObject()
        for (k, v) in extraLabels.sorted(by: { $0.key < $1.key }) { labels[k] = .string(v) }
        var metadata: JSONObject = [
            "name": .string(name), "generateName": .string(ownerName + "-"), "namespace": .string(namespace),
            "labels": .object(labels),
        ]
        if let annotations = template.at("metadata", "annotations") { metadata["annotations"] = annotations }
        metadata["ownerReferences"] = [
            [
                "apiVersion": .string(ownerType.apiVersion), "kind": .string(ownerType.kind), "name": .string(ownerName),
                "uid": owner.at("metadata", "uid") ?? "", "controller": true, "blockOwnerDeletion": true,
            ]
        ]
        var spec = template["spec"] ?? [:]
        if let node {
            let term: JSONValue = [
                "matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(node)]]]
            ]
            spec["affinity"] = ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": [term]]]]
            spec["tolerations"] = .array(
                (spec["tolerations"]?.arrayValue ?? []) + Self.daemonTolerations(hostNetwork: spec["hostNetwork"]?.boolValue ?? false))
        }
        let pod: JSONValue = ["kind": "Pod", "apiVersion": "v1", "metadata": .object(metadata), "spec": spec]
        return ObjectDefaults.prepareNew(pod, type: .pods)
    }

    /// The tolerations the DaemonSet controller adds to its pods, so node
    /// trouble (not ready, pressure, cordoned) never evicts or blocks them.
    static func daemonTolerations(hostNetwork: Bool) -> [JSONValue] {
        var out: [JSONValue] = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"].map {
            ["key": .string($0), "operator": "Exists", "effect": "NoExecute"]
        }
        var noSchedule = [
            "node.kubernetes.io/disk-pressure", "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure",
            "node.kubernetes.io/unschedulable",
        ]
        if hostNetwork { noSchedule.append("node.kubernetes.io/network-unavailable") }
        out += noSchedule.map { ["key": .string($0), "operator": "Exists", "effect": "NoSchedule"] }
        return out
    }
}
