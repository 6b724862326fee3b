import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// The embedded cluster's resource-metrics API (what metrics-server serves and
/// kubectl top reads), its /metrics counters and the large synthetic cluster.
@Suite struct MetricsAPITests {
    func client(_ cluster: EmbeddedCluster) -> KubeClient {
        KubeClient(target: KubeTarget(contextName: "m", clusterName: "m", server: cluster.serverURL, sourceDescription: "test"))
    }

    @Test func nodeUsageFollowsTheWorkloads() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let c = client(cluster)
        let before = try c.nodeUsage()
        #expect(before["mtedge2"] == nil, "a NotReady node has no metrics")
        #expect(before.count == cluster.store.count("nodes") - 1)
        let cloud2 = try #require(before["psnc-cloud2"])
        #expect(cloud2.cpu >= (try Quantity(parsing: "640m")), "at least the system's 4% of 16 cores")

        try cluster.store.create("pods", CacheFixture.pod("busy", node: "psnc-cloud2"))
        let after = try #require(try c.nodeUsage()["psnc-cloud2"])
        #expect(after.cpu > cloud2.cpu && after.memory > cloud2.memory, "a new Running pod adds its usage")
    }

    @Test func podUsageIsDeterministicFromRequestsAndTheImage() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        try cluster.store.create("pods", CacheFixture.pod("sed-1", labels: ["app": "sed"]))
        var pending = CacheFixture.pod("waiting")
        pending["status"] = ["phase": "Pending"]
        try cluster.store.create("pods", pending)
        let usage = try client(cluster).podUsage(namespace: "marvel", labelSelector: "app=sed")
        #expect(Array(usage.keys) == ["marvel/sed-1"])
        #expect(try client(cluster).podUsage(namespace: "marvel")["marvel/waiting"] == nil, "only Running pods have usage")

        let pod = try #require(cluster.store.get("pods", namespace: "marvel", name: "sed-1"))
        let model = ResourceUsageModel(now: cluster.store.now) { _ in false }
        let expected = try #require(model.usage(ofPod: pod)?.total)
        let profile = ResourceUsageModel.profile(image: "marvel/sed:1.2")
        #expect(Double(expected.cpuNanos) >= 100_000_000 * profile.cpu * 0.9 && Double(expected.cpuNanos) <= 100_000_000 * profile.cpu * 1.1)
        // A training pod is busy while its trainer runs: its whole cpu limit.
        var trainer = pod
        trainer["spec"]?["containers"] = [["name": "t", "image": "marvel/dynhp:1", "resources": ["requests": ["cpu": "500m"], "limits": ["cpu": "2"]]]]
        let busy = try #require(ResourceUsageModel(now: cluster.store.now) { _ in true }.usage(ofPod: trainer)?.total)
        #expect(busy.cpuNanos == 1_940_000_000)
    }

    @Test func kubectlTopReadsIt() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-top-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("kubeconfig").path
        try cluster.writeKubeconfig(to: config)
        let kubectl = KubectlRunner(kubeconfig: config, workDirectory: dir)
        let nodes = try kubectl.run(["top", "nodes"])
        #expect(nodes.status == 0, "kubectl top nodes failed: \(nodes.stderr)")
        #expect(nodes.stdout.hasPrefix("NAME"))
        #expect(nodes.stdout.split(separator: "\n").contains { $0.hasPrefix("psnc-cloud2 ") && $0.contains("%") })
        let pods = try kubectl.run(["top", "pods", "-n", "kube-system"])
        #expect(pods.status == 0, "kubectl top pods failed: \(pods.stderr)")
        #expect(pods.stdout.contains("kube-proxy"))
    }

    @Test func metricsEndpointCountsRequestsAndOpenWatches() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let c = client(cluster)
        _ = try c.nodes()
        _ = try? c.get("/api/v1/namespaces/kube-system/pods/does-not-exist")
        let cancel = CancelFlag()
        let opened = TestSignal()
        let done = TestSignal()
        Thread.detachNewThread {
            _ = try? HTTPClient().send(
                HTTPRequest(url: cluster.serverURL + "/api/v1/pods?watch=true&resourceVersion=1", timeout: 0), cancel: cancel
            ) { piece in
                if piece.isEmpty { opened.signal() }
                return true
            }
            done.signal()
        }
        #expect(opened.wait())
        func metrics() throws -> String { try HTTPClient().send(HTTPRequest(url: cluster.serverURL + "/metrics")).bodyText }
        let text = try metrics()
        #expect(text.contains(#"apiserver_request_total{code="200",component="apiserver",group="",resource="nodes",scope="cluster",subresource="",verb="LIST",version="v1"} 1"#))
        #expect(text.contains(#"apiserver_request_total{code="404",component="apiserver",group="",resource="pods",scope="resource",subresource="",verb="GET",version="v1"} 1"#))
        #expect(text.contains(#"apiserver_longrunning_requests{component="apiserver",group="",resource="pods",scope="cluster",subresource="",verb="WATCH",version="v1"} 1"#))
        #expect(cluster.requestMetrics.openLongRunning == 1)
        cancel.cancel()
        #expect(done.wait())
        // A quiet watch looks for a client that left at each wake (at most every 10 s).
        #expect(eventually(60) { cluster.requestMetrics.openLongRunning == 0 }, "the watch ended")
        #expect(try metrics().contains("# TYPE apiserver_request_total counter"))
    }

    @Test func syntheticClusterKeepsLayersAndSites() throws {
        let store = ClusterStore()
        try SyntheticTopology(nodes: 300, pods: 3_000).seed(into: store)
        #expect(store.count("nodes") == 300)
        #expect(store.count("pods") == 3_000)
        let nodes = store.list("nodes").items
        let layers = Set(nodes.compactMap { $0.at("metadata", "labels", "marvdash.io/layer")?.stringValue })
        let sites = Set(nodes.compactMap { $0.at("metadata", "labels", "marvdash.io/site")?.stringValue })
        #expect(layers == ["cloud", "fog", "edge"])
        #expect(sites == ["PSNC", "GRN", "MT", "UNS"])
        let pods = store.list("pods").items
        #expect(pods.allSatisfy { $0.at("status", "phase")?.stringValue == "Running" })
        #expect(Set(pods.compactMap { $0.at("spec", "nodeName")?.stringValue }).count > 250, "pods spread over the nodes")
    }
}
