import Foundation
import Testing

@testable import MarvelCore

/// The Nodes view model prepared with the snapshot (on the poller's thread) must
/// give exactly what a fresh build gives, for every filter and any layer rules.
@Suite struct NodeInventoryPreparedTests {
    static let filters = ["", "CLOUD-A", "grn", "arm64", "notready", "SchedulingDisabled", "fog", "noschedule",
                          "Layer=FOG", "marvdash.io/site=uns", "unassigned", "  FOG ", "nothing-like-this", "ü"]

    @Test func preparedSnapshotGivesTheSameGroupsAsAFreshBuild() {
        let raw = InventoryFixture.snapshot
        let prepared = raw.preparingNodeInventory()
        #expect(raw.nodeInventory == nil)
        #expect(prepared.nodeInventory?.filter == "")
        for filter in Self.filters {
            let fresh = NodeInventory(snapshot: raw, filter: filter)
            let fast = NodeInventory(snapshot: prepared, filter: filter)
            #expect(fast.groups == fresh.groups, "filter \"\(filter)\"")
            #expect(fast.filter == filter)
        }
    }

    @Test func refilteringRecomputesTotals() throws {
        let all = NodeInventory(snapshot: InventoryFixture.snapshot)
        let grn = all.filtered(by: "GRN")
        #expect(grn.rows.map(\.name) == ["cloud-a"])
        #expect(grn.groups[0].totals.nodes == 1 && grn.groups[0].totals.pods == 2)
        #expect(grn.filtered(by: "").groups == all.groups)
        #expect(all.filtered(by: "").groups == all.groups)
    }

    @Test func preparedForOtherRulesIsNotUsed() {
        let rules = LayerRules(labelKeys: ["Layer"], siteKey: "marvdash.io/site")
        let prepared = InventoryFixture.snapshot.preparingNodeInventory()
        let inv = NodeInventory(snapshot: prepared, rules: rules)
        #expect(inv.rules == rules)
        #expect(inv.groups == NodeInventory(snapshot: InventoryFixture.snapshot, rules: rules).groups)
        #expect(inv.row(named: "cloud-a")?.layer == .unassigned, "only the Layer key counts under these rules")
        #expect(prepared.preparingNodeInventory(rules: rules).nodeInventory?.rules == rules)
    }

    @Test func changingNodesOrPodsDropsThePreparedModel() {
        let prepared = InventoryFixture.snapshot.preparingNodeInventory()
        var fewerNodes = prepared
        fewerNodes.nodes.removeAll { $0.name == "mystery" }
        #expect(fewerNodes.nodeInventory == nil)
        #expect(NodeInventory(snapshot: fewerNodes).groups.map(\.layer) == [.cloud, .fog, .edge])
        var fewerPods = prepared
        fewerPods.pods.removeAll { $0.name == "p2" }
        #expect(fewerPods.nodeInventory == nil)
        #expect(NodeInventory(snapshot: fewerPods).row(named: "cloud-a")?.podCount == 1)
    }

    @Test func preparedModelIsNotPartOfSnapshotEquality() {
        let raw = InventoryFixture.snapshot
        let prepared = raw.preparingNodeInventory()
        #expect(prepared == raw)
        #expect(prepared.hashValue == raw.hashValue)
    }

    @Test func nonASCIILabelsAreMatchedInAnyCase() {
        var snap = InventoryFixture.snapshot
        snap.nodes[3].labels["marvdash.io/site"] = "Zürich"
        let prepared = snap.preparingNodeInventory()
        #expect(NodeInventory(snapshot: prepared, filter: "ZÜR").rows.map(\.name) == ["mystery"])
        #expect(NodeInventory(snapshot: prepared, filter: "zur").rows.isEmpty)
    }

    @Test func aFilterNeverMatchesAcrossTwoFields() {
        // Fields are searched one by one: "cloud-a" ends a name and "grn" starts a site, never "a\ngrn".
        #expect(NodeInventory(snapshot: InventoryFixture.snapshot.preparingNodeInventory(), filter: "a\ngrn").rows.isEmpty)
        #expect(NodeCatalog.SearchText.find(Array("b".utf8), in: Array("abc".utf8)))
        #expect(!NodeCatalog.SearchText.find(Array("abcd".utf8), in: Array("abc".utf8)))
        #expect(NodeCatalog.SearchText.find([], in: []))
    }

    @Test func podsAreGroupedByNodeSortedAndUnscheduledOnesLeftOut() throws {
        let inv = NodeInventory(snapshot: InventoryFixture.snapshot.preparingNodeInventory())
        #expect(try #require(inv.row(named: "cloud-a")).pods.map(\.name) == ["done", "p1", "p2"])
        #expect(inv.rows.flatMap(\.pods).map(\.name).contains("waiting") == false)
    }
}
