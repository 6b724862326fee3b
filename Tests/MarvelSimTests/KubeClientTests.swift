import Foundation
import Synchronization
import MarvelCore
import MarvelNet
import MarvelSim
import Testing

/// KubeClient over real HTTP against the embedded cluster, reached through a
/// kubeconfig file exactly as a real cluster would be.
@Suite struct KubeClientEmbeddedTests {
    /// Starts a cluster, writes its kubeconfig, resolves it and runs `body` with a client.
    func withClient(pageSize: Int = 500, _ body: (KubeClient, EmbeddedCluster) throws -> Void) throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let dir = NSTemporaryDirectory() + "marvdash-kubeclient-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/config"
        try cluster.writeKubeconfig(to: path)
        let loader = KubeconfigLoader(environment: [:], homeDirectory: dir, serviceAccountDirectory: dir + "/sa")
        let target = try #require(try loader.resolve(kubeconfigPath: path).target)
        #expect(target.server == cluster.serverURL)
        #expect(target.contextName == "marvdash-embedded")
        let client = KubeClient(target: target, transport: HTTPClient(connectTimeout: 5, timeout: 30), pageSize: pageSize)
        try body(client, cluster)
    }

    @Test func listsNodesAndPods() throws {
        try withClient { client, _ in
            #expect(try client.serverVersion().hasPrefix("v1."))
            let nodes = try client.nodes()
            #expect(nodes.count >= 3)
            let layers = Set(nodes.map { LayerRules().layer(of: $0.labels) })
            #expect(layers.isSuperset(of: [.cloud, .fog, .edge]))
            #expect(nodes.allSatisfy { ($0.allocatable["cpu"]?.milliValue ?? 0) > 0 })
            let pods = try client.pods()
            #expect(!pods.isEmpty)
            #expect(pods.contains { $0.displayStatus == "Running" })
            let system = try client.pods(namespace: "kube-system")
            #expect(!system.isEmpty && system.allSatisfy { $0.namespace == "kube-system" })
            #expect(system.count <= pods.count)
        }
    }

    @Test func paginationWithASmallLimitReturnsEverything() throws {
        try withClient(pageSize: 2) { small, cluster in
            let all = try KubeClient(target: small.target).list("/api/v1/pods")
            let paged = try small.list("/api/v1/pods")
            #expect(all.items.count > 2, "the fixture needs more than one page")
            #expect(paged.items.count == all.items.count)
            let names = paged.items.compactMap { $0.at("metadata", "uid")?.stringValue }
            #expect(Set(names).count == names.count, "no item twice")
            #expect(!paged.resourceVersion.isEmpty)
        }
    }

    @Test func labelSelectorIsSentEncoded() throws {
        try withClient { client, _ in
            let edge = try client.list("/api/v1/nodes", query: ["labelSelector": "marvdash.io/layer=edge"])
            #expect(!edge.items.isEmpty)
            #expect(edge.items.allSatisfy { $0.at("metadata", "labels", "marvdash.io/layer")?.stringValue == "edge" })
        }
    }

    @Test func notFoundCarriesTheStatusMessage() throws {
        try withClient { client, cluster in
            do {
                _ = try client.get("/api/v1/nodes/no-such-node")
                Issue.record("expected an error")
            } catch let error as KubeError {
                #expect(error.statusCode == 404)
                let text = error.description
                #expect(text.hasPrefix("GET \(cluster.serverURL)/api/v1/nodes/no-such-node (context marvdash-embedded): 404"))
                #expect(text.contains("no-such-node"))
            }
        }
    }

    @Test func unreachableServerIsNamed() throws {
        // Start and stop a cluster so its port is known to be closed.
        let cluster = try EmbeddedCluster.start()
        let url = cluster.serverURL
        cluster.stop()
        let target = KubeTarget(contextName: "gone", clusterName: "gone", server: url, sourceDescription: "test")
        let client = KubeClient(target: target, transport: HTTPClient(connectTimeout: 2, timeout: 5), retry: RetryPolicy(sleep: { _ in }))
        do {
            _ = try client.nodes()
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("cannot connect to \(url) (context gone): "))
            #expect(error.description.hasSuffix("is the cluster up? check --context or KUBECONFIG"))
        }
    }

    @Test func snapshotAndInventoryFromTheLiveCluster() throws {
        try withClient { client, _ in
            let snapshot = try client.fetchSnapshot()
            let inventory = NodeInventory(snapshot: snapshot)
            #expect(Array(inventory.groups.prefix(3).map(\.layer)) == [.cloud, .fog, .edge])
            #expect(inventory.groups.prefix(3).allSatisfy { $0.totals.nodes > 0 })
            #expect(inventory.rows.count == snapshot.nodes.count)
            #expect(inventory.rows.contains { $0.cpuRequested > .zero })
            #expect(inventory.rows.contains { $0.taints.contains("Layer=GRNEDGE1:NoSchedule") })
        }
    }
}

/// A list whose continue token expires between pages (410) is listed again from the start.
@Suite struct KubeClientRelistTests {
    /// Passes requests to HTTP; after the first page it churns the store until that page's token has expired.
    final class ChurningTransport: HTTPTransport {
        let http = HTTPClient(connectTimeout: 5, timeout: 30)
        let store: ClusterStore
        private let log = Mutex<(churned: Bool, statuses: [Int])>((false, []))

        init(store: ClusterStore) { self.store = store }

        var statuses: [Int] { log.withLock { $0.statuses } }

        func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
            let response = try http.send(request)
            let churnNow = log.withLock { log -> Bool in
                log.statuses.append(response.status)
                defer { log.churned = true }
                return !log.churned
            }
            if churnNow {
                for index in 0..<20 {
                    _ = try? store.modify("nodes", name: "grnfog1") { $0["metadata"]?["labels"]?["churn"] = .string("\(index)") }
                }
            }
            return response
        }
    }

    @Test func expiredContinueTokenRestartsTheList() throws {
        let store = ClusterStore(historyLimit: 4)
        try Topology.marvel.seed(into: store)
        let server = try HTTPServer(handler: KubeAPIHandler(store: store))
        server.start()
        defer { server.stop() }
        let transport = ChurningTransport(store: store)
        let target = KubeTarget(contextName: "relist", clusterName: "sim", server: server.baseURL, sourceDescription: "test")
        let client = KubeClient(target: target, transport: transport, retry: .none, pageSize: 4)

        let nodes = try client.nodes()
        #expect(nodes.count == store.count("nodes"))
        #expect(Set(nodes.map(\.name)).count == nodes.count)
        #expect(transport.statuses.prefix(2) == [200, 410])  // page 1, then its expired token
        #expect(transport.statuses.dropFirst(2).allSatisfy { $0 == 200 })
    }
}
