import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The Nodes view model is built where snapshots are produced (the poller's
/// thread, through `PollerDataSource`); the pane must show the same thing as
/// when it builds the model itself, filters included.
@Suite struct NodesPaneDataSourceTests {
    typealias F = ConsoleFixtures

    func console(_ source: any ConsoleDataSource) -> Console {
        Console(options: ConsoleOptions(source: source, contextName: "marvel-pilot", namespace: "default",
                                        serverURL: F.serverURL, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                        environment: [:]))
    }

    @Test func pollerDataSourceDeliversSnapshotsWithTheirNodesModel() throws {
        let poller = SnapshotPoller(source: FixedSnapshotSource(try F.snapshot()))
        let source = PollerDataSource(poller: poller)
        poller.pollOnce()
        let inventory = try #require(source.current().snapshot?.nodeInventory)
        #expect(inventory.rules == LayerRules())
        #expect(inventory.groups == NodeInventory(snapshot: try F.snapshot()).groups)
    }

    @Test func pollerDataSourcePreparesForItsLayerRules() throws {
        let rules = LayerRules(labelKeys: ["Layer"], siteKey: "marvdash.io/site")
        let poller = SnapshotPoller(source: FixedSnapshotSource(try F.snapshot()))
        let source = PollerDataSource(poller: poller, layerRules: rules)
        poller.pollOnce()
        #expect(source.current().snapshot?.nodeInventory?.rules == rules)
    }

    @Test func paneShowsTheSameWithAPreparedSnapshot() throws {
        let (plain, _) = try F.console()
        let poller = SnapshotPoller(source: FixedSnapshotSource(try F.snapshot()))
        let source = PollerDataSource(poller: poller)
        poller.pollOnce()
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
        // A new poll while the filter is on keeps the filter.
        poller.pollOnce()
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
