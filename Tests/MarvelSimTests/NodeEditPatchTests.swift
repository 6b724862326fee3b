import Foundation
import MarvelCore
import MarvelSim
import Testing

/// The Nodes pane editor's label and taint edits, sent as the console sends them (one merge
/// PATCH each) to the embedded cluster: what they change is what the node then has.
@Suite struct NodeEditPatchTests {
    @Test func labelsAndTaintsAreSetAndRemovedOnTheNode() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let c = KubeClient(target: KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let before = try Node(json: try c.nodeObject(named: "mtfog1"))
        // As Listings 32 and 30 do, with a key the node does not have yet.
        _ = try c.perform(try NodeAction.label(parsing: "Zone=MT-A"), onNode: "mtfog1")
        _ = try c.perform(try NodeAction.taint(parsing: "Zone=MT-A:NoSchedule"), onNode: "mtfog1")
        _ = try c.perform(try NodeAction.taint(parsing: "maintenance:NoExecute"), onNode: "mtfog1")
        var node = try Node(json: try c.nodeObject(named: "mtfog1"))
        #expect(node.labels["Zone"] == "MT-A")
        #expect(node.labels.count == before.labels.count + 1, "other labels are kept")
        #expect(Set(node.taints.map(\.description)) == Set(before.taints.map(\.description) + ["Zone=MT-A:NoSchedule", "maintenance:NoExecute"]))
        // The same key and effect again replaces the value instead of adding a second taint.
        _ = try c.perform(try NodeAction.taint(parsing: "Zone=MT-B:NoSchedule"), onNode: "mtfog1")
        node = try Node(json: try c.nodeObject(named: "mtfog1"))
        #expect(node.taints.filter { $0.key == "Zone" }.map(\.description) == ["Zone=MT-B:NoSchedule"])
        _ = try c.perform(.removeTaint(key: "Zone", effect: "NoSchedule"), onNode: "mtfog1")
        _ = try c.perform(.removeTaint(key: "maintenance", effect: "NoExecute"), onNode: "mtfog1")
        _ = try c.perform(.removeLabel(key: "Zone"), onNode: "mtfog1")
        node = try Node(json: try c.nodeObject(named: "mtfog1"))
        #expect(node.labels == before.labels)
        #expect(node.taints.map(\.description) == before.taints.map(\.description))
    }
}
