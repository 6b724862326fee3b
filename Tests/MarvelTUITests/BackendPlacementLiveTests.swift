import Foundation
import MarvelCore
import MarvelSim
import MarvelTUI
import Testing

/// Placement previews and node actions of the live backend against the embedded cluster over HTTP.
@Suite struct BackendPlacementLiveTests {
    private func wait<T>(_ what: String, _ check: () throws -> T?) rethrows -> T? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let value = try check() { return value }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what)")
        return nil
    }

    private func finished(_ backend: LiveConsoleBackend, _ id: ConsoleJobID) -> ConsoleJob? {
        wait("job \(id.rawValue)") {
            guard let job = backend.job(id), job.outcome != .running else { return nil }
            return job
        }
    }

    private func succeeded(_ backend: LiveConsoleBackend, _ request: ConsoleRequest) -> ConsoleJob? {
        let job = finished(backend, backend.submit(request))
        if case .succeeded? = job?.outcome { return job }
        Issue.record("\(request) did not succeed: \(String(describing: job?.outcome))")
        return nil
    }

    private func decided(_ backend: LiveConsoleBackend, _ query: PlacementQuery, avoiding node: String? = nil) -> PlacementDecision? {
        wait("a placement decision") {
            guard case .decided(let d) = backend.placementPreview(query) else { return nil }
            if let node, d.workloads.contains(where: { $0.nodes.contains(node) }) { return nil }
            return d
        }
    }

    private func setUp() throws -> (EmbeddedCluster, KubeClient, LiveConsoleBackend, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-placement-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try BackendFixtures.webText.write(toFile: folder + "/web.template.yaml", atomically: true, encoding: .utf8)
        let cluster = try EmbeddedCluster.start()
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let backend = LiveConsoleBackend(
            client: client, cache: testCache(client), namespace: "default", templateDirectories: [folder], automatic: AutomaticValues())
        return (cluster, client, backend, folder)
    }

    @Test func previewDecidesInTheBackgroundAndACordonedNodeIsAvoidedByTheNextDeploy() throws {
        let (cluster, client, backend, folder) = try setUp()
        backend.start()
        defer {
            backend.stop()
            cluster.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        let values = ["NAME": "web", "REPLICAS": "2", "MODE": "fast", "DEBUG": "no"]
        let query = PlacementQuery(templateID: "web", instance: "web", values: values, namespace: "default", placement: .auto)
        let first = try #require(decided(backend, query))
        let workload = try #require(first.workloads.first)
        #expect(workload.component == "Deployment/web")
        #expect(workload.layer == .fog)  // the template requires fog
        #expect(workload.evaluation.verdicts.count == cluster.store.list("nodes").items.count)
        #expect(workload.evaluation.ranked.allSatisfy { $0.layer == .fog })
        let chosen = try #require(workload.nodes.first)

        // Cordon the chosen node over HTTP: the node is unschedulable and the next decision avoids it.
        let cordoned = succeeded(backend, .node(name: chosen, action: .cordon))
        #expect(cordoned?.outcome == .succeeded("cordoned \(chosen)"))
        #expect(try client.nodeObject(named: chosen).at("spec", "unschedulable") == .bool(true))
        let next = try #require(decided(backend, query, avoiding: chosen))
        #expect(next.workloads.first?.evaluation.verdicts.first { $0.node == chosen }?.feasible == false)

        let deployed = succeeded(backend, .placedDeploy(templateID: "web", values: values, namespace: "default", dryRun: false, placement: .auto))
        let placedLine = try #require(deployed?.progress.first { $0.hasPrefix("placed Deployment/web on ") })
        #expect(!placedLine.contains(chosen))
        #expect(placedLine.hasSuffix("(auto, spread)"))
        let pods = wait("both web pods bound") { () -> [Pod]? in
            let web = (try? client.pods(namespace: "default"))?.filter { $0.labels["app"] == "web" && !$0.nodeName.isEmpty } ?? []
            return web.count == 2 ? web : nil
        }
        #expect(pods?.allSatisfy { $0.nodeName != chosen } == true)

        let uncordoned = succeeded(backend, .node(name: chosen, action: .uncordon))
        #expect(uncordoned?.outcome == .succeeded("uncordoned \(chosen)"))
        #expect(try client.nodeObject(named: chosen).at("spec", "unschedulable") ?? .null != .bool(true))
    }

    @Test func headroomIsCountedInTheBackgroundOncePerGeneration() throws {
        let (cluster, client, backend, folder) = try setUp()
        defer {
            cluster.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        let snapshot = try client.fetchSnapshot()
        let query = HeadroomQuery(templateID: "web", generation: 1)
        let counted = wait("the headroom count") { () -> [LayerHeadroom]? in
            guard case .counted(let layers) = backend.headroom(query, snapshot: snapshot) else { return nil }
            return layers
        }
        // The same as counting on the spot.
        #expect(counted.map { HeadroomAnswer.counted($0) } == backend.countHeadroom(query, snapshot: snapshot))
        #expect(counted?.contains { $0.instances > 0 } == true)
        let missing = HeadroomQuery(templateID: "nosuch", generation: 1)
        let failed = wait("the failure") { () -> String? in
            guard case .failed(let message) = backend.headroom(missing, snapshot: snapshot) else { return nil }
            return message
        }
        #expect(failed == "template nosuch is not in the catalogue")
    }

    @Test func dedicateLabelsAndTaintsInOnePatchAndUndedicateKeepsTheLabel() throws {
        let (cluster, client, backend, folder) = try setUp()
        defer {
            cluster.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        let job = succeeded(backend, .node(name: "grnedge1", action: .dedicate(.edge)))
        #expect(job?.outcome == .succeeded("dedicated grnedge1 to edge (label + NoSchedule taint marvdash.io/layer=edge)"))
        let node = try Node(json: try client.nodeObject(named: "grnedge1"))
        #expect(node.labels["marvdash.io/layer"] == "edge")
        #expect(node.taints.map(\.description).sorted() == ["Layer=GRNEDGE1:NoSchedule", "marvdash.io/layer=edge:NoSchedule"])
        // Dedicating again to another layer replaces the taint rather than adding one.
        _ = succeeded(backend, .node(name: "grnedge1", action: .dedicate(.fog)))
        let again = try Node(json: try client.nodeObject(named: "grnedge1"))
        #expect(again.taints.map(\.description).sorted() == ["Layer=GRNEDGE1:NoSchedule", "marvdash.io/layer=fog:NoSchedule"])
        _ = succeeded(backend, .node(name: "grnedge1", action: .undedicate))
        let after = try Node(json: try client.nodeObject(named: "grnedge1"))
        #expect(after.labels["marvdash.io/layer"] == "fog")
        #expect(after.taints.map(\.description) == ["Layer=GRNEDGE1:NoSchedule"])

        let missing = finished(backend, backend.submit(.node(name: "nope", action: .cordon)))
        guard case .failed(let line)? = missing?.outcome else {
            Issue.record("cordoning a missing node should fail")
            return
        }
        #expect(line.hasPrefix("cannot cordon nope: "))
        #expect(line.contains("not found"))
        #expect(!line.contains("\n"))
    }
}
