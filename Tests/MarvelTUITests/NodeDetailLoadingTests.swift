import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// While the pods are still being listed, a node's detail says so instead of showing
/// "Pods (0) none" and nothing requested.
@Suite struct NodeDetailLoadingTests {
    static func lines(podsLoading: Bool) throws -> [String] {
        var node = Node(name: "edge-1")
        node.allocatable = ["cpu": Quantity(value: 4), "memory": Quantity(value: 8 << 30)]
        node.capacity = node.allocatable
        let pod = Pod(name: "web", nodeName: "edge-1", phase: "Running",
                      containers: [Pod.Container(name: "c", requests: ["cpu": Quantity(value: 1)])])
        let inventory = NodeInventory(snapshot: ClusterSnapshot(nodes: [node], pods: podsLoading ? [] : [pod]), rules: LayerRules())
        let row = try #require(inventory.row(named: "edge-1"))
        return NodeDetail.lines(for: row, layer: row.layer, podsLoading: podsLoading).map(\.plainText)
    }

    @Test func loadingPodsAreSaidNotCountedAsNone() throws {
        let loading = try Self.lines(podsLoading: true)
        #expect(loading.contains { $0.trimmingCharacters(in: .whitespaces) == "loading…" })
        #expect(!loading.contains { $0.hasPrefix("Pods (") })
        let cpu = try #require(loading.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("cpu ") })
        #expect(cpu.hasSuffix("loading…"), "requested cpu is not a confident 0 while pods load: \(cpu)")

        let listed = try Self.lines(podsLoading: false)
        #expect(listed.contains("Pods (1)"))
        #expect(!listed.contains { $0.contains("loading…") })
        let listedCPU = try #require(listed.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("cpu ") })
        #expect(listedCPU.contains("(25%)"))
    }
}

/// The node row drawn while pods load marks exactly the columns that count pods.
@Suite struct NodeLoadingCellsTests {
    @Test func onlyThePodCountingColumnsAreMarked() throws {
        var node = Node(name: "edge-1")
        node.allocatable = ["cpu": Quantity(value: 4), "memory": Quantity(value: 8 << 30)]
        let inventory = NodeInventory(snapshot: ClusterSnapshot(nodes: [node], pods: []), rules: LayerRules())
        let row = try #require(inventory.row(named: "edge-1"))
        var texts = QuantityTexts()
        let cells = NodeTableModel.loadingCells(row, texts: &texts)
        let titles = NodeTableModel.columns.map(\.title)
        #expect(cells.count == titles.count)
        let loading = TableCell.text("…", TextStyle(.dim))
        for (title, cell) in zip(titles, cells) {
            if ["CPU%", "MEM%", "PODS"].contains(title) {
                #expect(cell == loading, "\(title) is marked")
            } else {
                #expect(cell != loading, "\(title) is not marked")
            }
        }
        #expect(cells[titles.firstIndex(of: "NAME") ?? 0] != loading)
    }
}
