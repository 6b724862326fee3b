import Foundation
import MarvelCore
import MarvelSim
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
