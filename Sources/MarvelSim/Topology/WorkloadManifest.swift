import Foundation
import MarvelCore

/// The controller objects of a system workload as its cluster would hold
/// them: a DaemonSet with its first ControllerRevision, or a Deployment with
/// its ReplicaSet (revision 1), each with the status its controller reported.
struct WorkloadManifest {
    var workload: WorkloadDescription
    var created: Date
    /// The pods the seeder placed for the workload (for the reported counts).
    var pods: [PlacedPod]

    private var template: WorkloadTemplate { WorkloadTemplate(workload: workload) }
    private var labels: JSONValue { .object(sortedObject(workload.labels)) }

    private func metadata(_ name: String, labels: JSONValue, annotations: JSONObject) -> JSONObject {
        [
            "name": .string(name), "namespace": .string(workload.namespace), "labels": labels,
            "annotations": .object(annotations), "creationTimestamp": .string(Timestamp.format(created)),
            "generation": 1,
        ]
    }

    private var readyPods: Int { pods.filter(\.node.ready).count }

    // MARK: DaemonSet

    func daemonSet() -> JSONValue {
        let desired = pods.count
        return [
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": .object(metadata(workload.name, labels: labels, annotations: ["deprecated.daemonset.template.generation": "1"])),
            "spec": [
                "selector": ["matchLabels": labels], "template": template.json,
                "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 0, "maxUnavailable": 1]],
                "revisionHistoryLimit": 10,
            ],
            "status": [
                "currentNumberScheduled": .int(desired), "desiredNumberScheduled": .int(desired),
                "numberAvailable": .int(readyPods), "numberMisscheduled": 0, "numberReady": .int(readyPods),
                "numberUnavailable": .int(desired - readyPods), "observedGeneration": 1,
                "updatedNumberScheduled": .int(desired),
            ],
        ]
    }

    /// The DaemonSet's revision 1, owned by `owner` (the stored DaemonSet).
    func controllerRevision(owner: JSONValue) -> JSONValue {
        var data = template.json
        data["$patch"] = "replace"
        var revisionLabels = sortedObject(workload.labels)
        revisionLabels["controller-revision-hash"] = .string(template.hash)
        var meta = metadata("\(workload.name)-\(template.hash)", labels: .object(revisionLabels), annotations: [:])
        meta["annotations"] = nil
        meta["generation"] = nil
        meta["ownerReferences"] = [WorkloadSync.ownerReference(owner, type: .daemonSets)]
        return [
            "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": .object(meta),
            "data": ["spec": ["template": data]], "revision": 1,
        ]
    }

    // MARK: Deployment

    var replicas: Int {
        if case .deployment(let n) = workload.controller { return max(0, n) }
        return 0
    }

    /// `maxSurge: 25%` of the replicas, rounded up.
    private var maxReplicas: Int { replicas + (replicas * 25 + 99) / 100 }

    func deployment() -> JSONValue {
        let n = pods.count
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": .object(metadata(workload.name, labels: labels, annotations: [DeploymentAnnotations.revision: "1"])),
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": labels], "template": template.json,
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]],
                "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
            ],
            "status": [
                "observedGeneration": 1, "replicas": .int(n), "updatedReplicas": .int(n),
                "readyReplicas": .int(readyPods), "availableReplicas": .int(readyPods),
            ],
        ]
    }

    /// The Deployment's ReplicaSet (revision 1), owned by `owner` (the stored Deployment), created at `rolledOut`.
    func replicaSet(owner: JSONValue, rolledOut: Date) -> JSONValue {
        let hash = template.hash
        var podTemplate = template.json
        podTemplate["metadata"]?["labels"]?[PodTemplateHash.label] = .string(hash)
        var selector = sortedObject(workload.labels)
        selector[PodTemplateHash.label] = .string(hash)
        var meta = metadata(
            "\(workload.name)-\(hash)", labels: podTemplate.at("metadata", "labels") ?? [:],
            annotations: [
                DeploymentAnnotations.desiredReplicas: .string(String(replicas)),
                DeploymentAnnotations.maxReplicas: .string(String(maxReplicas)),
                DeploymentAnnotations.revision: "1",
            ])
        meta["creationTimestamp"] = .string(Timestamp.format(rolledOut))
        meta["ownerReferences"] = [WorkloadSync.ownerReference(owner, type: .deployments)]
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": .object(meta),
            "spec": ["replicas": .int(replicas), "selector": ["matchLabels": .object(selector)], "template": podTemplate],
            "status": [
                "replicas": .int(pods.count), "fullyLabeledReplicas": .int(pods.count), "readyReplicas": .int(readyPods),
                "availableReplicas": .int(readyPods), "observedGeneration": 1,
            ],
        ]
    }
}
