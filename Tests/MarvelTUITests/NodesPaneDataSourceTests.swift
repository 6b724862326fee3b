import Foundation
import MarvelCore
import MarvelSim
import Synchronization
import Testing
@testable import MarvelTUI

/// The Nodes view model is built where snapshots are produced (the cache's
/// publishing thread, through `CacheDataSource`); the pane must show the same
/// thing as when it builds the model itself, filters included.
@Suite struct NodesPaneDataSourceTests {
    typealias F = ConsoleFixtures

    func console(_ source: any ConsoleDataSource) -> Console {
        Console(options: ConsoleOptions(source: source, contextName: "marvel-pilot", namespace: "default",
                                        serverURL: F.serverURL, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                        environment: [:]))
    }

    @Test func cacheDataSourceDeliversSnapshotsPreparedForItsLayerRules() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let rules = LayerRules(labelKeys: ["Layer"], siteKey: "marvdash.io/site")
        let target = KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, sourceDescription: "test")
        let cache = ClusterCache(client: KubeClient(target: target), settings: ClusterCacheSettings(usageInterval: 0, livenessQuiet: 0, kinds: []))
        let source = CacheDataSource(cache: cache, layerRules: rules)
        source.start()
        defer { source.stop() }
        #expect(cache.waitUntilSynced(timeout: 20))
        let snapshot = try #require(source.current().snapshot)
        let inventory = try #require(snapshot.nodeInventory)
        #expect(inventory.rules == rules)
        #expect(inventory.groups == NodeInventory(snapshot: snapshot, rules: rules).groups)
    }

    /// Whether the embedded cluster refuses to list pods (the test lifts it).
    final class PodListGate: Sendable {
        let closed = Mutex(true)
    }

    /// Once the nodes are listed and while the pods are not, the Nodes pane draws the nodes with
    /// their pod columns marked as loading and the title bar says so; the pods replace the marks.
    @Test func nodesAreDrawnWhilePodsAreStillLoading() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let gate = PodListGate()
        cluster.faults.reject(next: Int.max, status: 500, reason: "InternalError", retryAfter: nil) { method, path, query in
            method == "GET" && path == "/api/v1/pods" && query["watch"] == nil && gate.closed.withLock { $0 }
        }
        let target = KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, sourceDescription: "test")
        let settings = ClusterCacheSettings(
            reflector: ReflectorSettings(watchTimeout: 2...3, initialBackoff: 0.2, maxBackoff: 1), usageInterval: 0, livenessQuiet: 0,
            kinds: [])
        let source = CacheDataSource(cache: ClusterCache(client: KubeClient(target: target), settings: settings))
        let console = console(source)
        source.start()
        defer { source.stop() }
        // A node without taints: its last number is PODS.
        let untainted = cluster.store.list("nodes").items.filter { ($0.at("spec", "taints")?.arrayValue ?? []).isEmpty }
        let names = untainted.compactMap { $0.at("metadata", "name")?.stringValue }.sorted()
        let node = try #require(names.first)

        #expect(eventually { source.current().early != nil })
        let early = source.current()
        #expect(early.snapshot == nil && early.early?.podsLoading == true && early.early?.pods.isEmpty == true)
        #expect(early.notes.contains(ClusterCache.podsLoadingNote))
        let loading = F.render(console, rows: 60, columns: 200)
        #expect(loading.line(0).contains("pods loading…"), "the title bar says the pods are loading")
        let row = try #require((0..<loading.rows).map(loading.line).first { $0.hasPrefix(node + " ") })
        #expect(row.contains("…"), "PODS and the requested shares are marked: \(row)")
        #expect(NodesPaneDataSourceTests.podCount(row) == nil, "no pod count is shown while the pods load: \(row)")
        #expect((0..<loading.rows).map(loading.line).contains { $0.contains("pods loading…") && $0.contains("▼") }, "layer headings too")

        gate.closed.withLock { $0 = false }
        source.refreshNow()
        #expect(eventually { source.current().snapshot != nil })
        let full = source.current()
        #expect(full.early == nil && !full.notes.contains(ClusterCache.podsLoadingNote))
        #expect(!F.render(console, rows: 60, columns: 200).line(0).contains("pods loading…"))
        // The embedded cluster keeps moving pods: compare with the snapshot of the frame drawn.
        var lastRow = ""
        let counted = eventually {
            let shown = F.render(console, rows: 60, columns: 200)
            let pods = (source.current().snapshot?.pods ?? []).filter { $0.nodeName == node && !$0.isTerminated }.count
            lastRow = (0..<shown.rows).map(shown.line).first { $0.hasPrefix(node + " ") } ?? ""
            return NodesPaneDataSourceTests.podCount(lastRow) == pods
        }
        #expect(counted, "the pods replace the marks: \(lastRow)")
    }

    /// The PODS cell of a node row: the last whole number before TAINTS.
    static func podCount(_ row: String) -> Int? {
        guard !row.contains("…") else { return nil }
        return row.split(separator: " ").compactMap { Int($0) }.last
    }

    @Test func paneShowsTheSameWithAPreparedSnapshot() throws {
        let (plain, _) = try F.console()
        let source = StaticDataSource(snapshot: try F.snapshot().preparingNodeInventory(), connection: .connected(at: F.now))
        let prepared = console(source)
        for (rows, columns) in [(24, 80), (60, 200)] {
            #expect(F.render(prepared, rows: rows, columns: columns).text == F.render(plain, rows: rows, columns: columns).text)
        }
        for c in [plain, prepared] {
            F.press(c, .char("/"))
            F.type(c, "malta")
        }
        #expect(F.render(prepared, rows: 60, columns: 200).text == F.render(plain, rows: 60, columns: 200).text)
        #expect(F.render(prepared, rows: 60, columns: 200).contains("edge-2"))
        #expect(!F.render(prepared, rows: 60, columns: 200).contains("cloud-1"))
        // A new snapshot while the filter is on keeps the filter.
        source.set(snapshot: try F.snapshot().preparingNodeInventory(), connection: .connected(at: F.now))
        let screen = F.render(prepared, rows: 60, columns: 200)
        #expect(screen.contains("edge-1") && !screen.contains("fog-1 "))
    }

    @Test func retirementHoldsTheSnapshotTheConsoleLastRead() throws {
        let retirement = SnapshotRetirement()
        let first = try F.snapshot()
        var second = first
        second.serverVersion = "v1.31.0"
        retirement.observe(first, generation: 1)
        #expect(retirement.heldSnapshot == first)
        retirement.observe(second, generation: 1)
        #expect(retirement.heldSnapshot?.serverVersion == first.serverVersion, "same generation: nothing changes")
        retirement.observe(second, generation: 2)
        #expect(retirement.heldSnapshot?.serverVersion == "v1.31.0")
        retirement.observe(nil, generation: 3)
        #expect(retirement.heldSnapshot == nil)
    }
}
