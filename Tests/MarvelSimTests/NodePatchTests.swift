import Foundation
import MarvelCore
import MarvelSim
import Testing

/// PATCH on nodes in the embedded cluster: merge patches from KubeClient (the
/// console's node actions) and the real kubectl's cordon, label and taint.
@Suite(.serialized) struct NodePatchTests {
    private func client(_ cluster: EmbeddedCluster) -> KubeClient {
        KubeClient(target: KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
    }

    @Test func mergePatchChangesLabelsTaintsAndUnschedulable() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let c = client(cluster)
        _ = try c.perform(.dedicate(.cloud), onNode: "psnc-cloud2")
        var node = try Node(json: try c.nodeObject(named: "psnc-cloud2"))
        #expect(node.labels["marvdash.io/layer"] == "cloud")
        #expect(node.labels["kubernetes.io/hostname"] == "psnc-cloud2")  // other labels kept
        #expect(node.taints.map(\.description) == ["marvdash.io/layer=cloud:NoSchedule"])
        _ = try c.perform(.cordon, onNode: "psnc-cloud2")
        node = try Node(json: try c.nodeObject(named: "psnc-cloud2"))
        #expect(node.unschedulable)
        #expect(node.taints.map(\.description) == ["marvdash.io/layer=cloud:NoSchedule"])
        _ = try c.perform(.uncordon, onNode: "psnc-cloud2")
        _ = try c.perform(.undedicate, onNode: "psnc-cloud2")
        node = try Node(json: try c.nodeObject(named: "psnc-cloud2"))
        #expect(!node.unschedulable)
        #expect(node.taints.isEmpty)
        #expect(node.labels["marvdash.io/layer"] == "cloud")
    }

    @Test func nodesArePatchableButNotCreatedOrDeleted() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let c = client(cluster)
        let list = try c.get("/api/v1")
        let nodes = list["resources"]?.arrayValue?.first { $0["name"]?.stringValue == "nodes" }
        #expect(nodes?["verbs"]?.arrayValue?.compactMap(\.stringValue) == ["get", "list", "patch", "watch"])
        do {
            _ = try c.send(.delete, "/api/v1/nodes/psnc-cloud2")
            Issue.record("deleting a node should be refused")
        } catch {
            #expect(error.statusCode == 405)
        }
        #expect(try c.nodeObject(named: "psnc-cloud2")["metadata"]?["name"] == "psnc-cloud2")
    }

    @Test func kubectlCordonLabelAndTaintWork() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-nodepatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("kubeconfig").path
        try cluster.writeKubeconfig(to: config)
        let kubectl = KubectlRunner(kubeconfig: config, workDirectory: dir)
        for args in [
            ["cordon", "mtfog1"], ["label", "nodes", "mtfog1", "marvdash.io/layer=fog", "--overwrite"],
            ["taint", "nodes", "mtfog1", "marvdash.io/layer=fog:NoSchedule"],
        ] {
            let run = try kubectl.run(args)
            #expect(run.status == 0, "kubectl \(args.joined(separator: " ")) failed: \(run.stderr)")
        }
        let node = try Node(json: try client(cluster).nodeObject(named: "mtfog1"))
        #expect(node.unschedulable)
        #expect(node.labels["marvdash.io/layer"] == "fog")
        #expect(node.taints.map(\.description).contains("marvdash.io/layer=fog:NoSchedule"))
        let uncordon = try kubectl.run(["uncordon", "mtfog1"])
        #expect(uncordon.status == 0, "kubectl uncordon failed: \(uncordon.stderr)")
        #expect(try Node(json: try client(cluster).nodeObject(named: "mtfog1")).unschedulable == false)
    }
}
