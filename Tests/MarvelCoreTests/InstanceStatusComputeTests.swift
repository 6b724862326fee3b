import Foundation
import Testing

@testable import MarvelCore

/// The instance status as a pure function of the record, the live objects, pods,
/// nodes and events (what a watch cache holds), and record-less leftovers.
@Suite struct InstanceStatusComputeTests {
    static func object(_ kind: String, _ name: String, _ extra: JSONObject = [:]) -> JSONValue {
        var o: JSONObject = ["apiVersion": kind == "StatefulSet" ? "apps/v1" : "v1", "kind": .string(kind), "metadata": ["name": .string(name)]]
        for m in extra { o[m.key] = m.value }
        return .object(o)
    }

    static let manifests = [
        object("Secret", "db-auth"), object("Service", "db", ["spec": ["clusterIP": "None", "ports": [["port": 5432]]]]),
        object("StatefulSet", "db", ["spec": ["replicas": 3]]),
    ]

    @Test func readinessEndpointsAndWhatExistsComeFromTheLiveObjects() {
        let instance = Instance(
            name: "db", namespace: "default", templateID: "pg", revision: 1, values: [:], managedBy: .marvdash, manifests: Self.manifests,
            state: .pendingInstall)
        let live = [
            Self.object("Secret", "db-auth"),
            Self.object("Service", "db", ["spec": ["clusterIP": "10.0.0.9", "ports": [["port": 5432]]]]),
        ]
        let pods = [Pod(name: "db-0", phase: "Pending"), Pod(name: "db-1", nodeName: "fog1", phase: "Running", readyCount: 1, containerCount: 1)]
        let nodes = [Node(name: "fog1", labels: ["marvdash.io/layer": "fog"])]
        let events: [JSONValue] = [
            ["reason": "FailedScheduling", "involvedObject": ["name": "db-0"], "message": "old", "lastTimestamp": "2026-01-01T00:00:00Z"],
            ["reason": "FailedScheduling", "involvedObject": ["name": "db-0"], "message": "0/3 nodes are available", "lastTimestamp": "2026-01-01T00:05:00Z"],
            ["reason": "Scheduled", "involvedObject": ["name": "db-1"], "message": "ok"],
        ]
        let status = InstanceStatus.compute(instance: instance, objects: live, pods: pods, nodes: nodes, events: events)
        #expect(status.objectsText == "2/3")
        #expect(status.objects.map(\.exists) == [true, true, false])
        #expect(status.readyText == "0/3")  // the StatefulSet does not exist yet: its replicas are all wanted
        #expect(status.endpoints == ["10.0.0.9:5432"])
        #expect(status.pods.map(\.pendingReason) == ["0/3 nodes are available", nil])
        #expect(status.pods[1].layer == .fog)
        #expect(status.summary == "pending-install at revision 1: 2/3 objects exist")
    }

    @Test func barePodsCountTowardsReadyOneEach() {
        let manifests = [Self.object("Pod", "minio"), Self.object("Pod", "minio-console"), Self.object("Pod", "minio-gone")]
        let instance = Instance(
            name: "minio", namespace: "default", templateID: "minio", revision: 1, values: [:], managedBy: .marvdash, manifests: manifests,
            state: .deployed)
        let pods = [
            Pod(name: "minio", nodeName: "fog1", phase: "Running", readyCount: 1, containerCount: 1),
            Pod(name: "minio-console", nodeName: "fog1", phase: "Running", readyCount: 0, containerCount: 1),
        ]
        let status = InstanceStatus.compute(instance: instance, objects: manifests, pods: pods, nodes: [], events: [])
        #expect(status.readyText == "1/3")
    }

    @Test func leftoversWithoutARecordGroupByInstance() {
        let labels: JSONValue = ["app.kubernetes.io/managed-by": "marvdash", "marvdash.io/instance": "left", "marvdash.io/template": "pg"]
        let objects: [JSONValue] = [
            Self.object("Service", "left", ["metadata": ["name": "left", "namespace": "ns", "labels": labels]]),
            Self.object("Secret", "left-auth", ["metadata": ["name": "left-auth", "namespace": "ns", "labels": labels]]),
            Self.object("Secret", "marvdash-kept", [
                "type": "marvdash.io/instance.v1",
                "metadata": ["name": "marvdash-kept", "namespace": "ns", "labels": ["marvdash.io/instance": "kept", "marvdash.io/record": "true"]],
            ]),
            Self.object("Service", "kept", ["metadata": ["name": "kept", "namespace": "ns", "labels": ["marvdash.io/instance": "kept"]]]),
        ]
        let orphans = Deployer.orphans(among: objects, recorded: ["ns/kept"], namespace: "ns")
        #expect(orphans.map(\.name) == ["left"])
        #expect(orphans.first?.state == .orphaned)
        #expect(orphans.first?.templateID == "pg")
        #expect(orphans.first?.objectNames == ["Service/left", "Secret/left-auth"])
    }
}
