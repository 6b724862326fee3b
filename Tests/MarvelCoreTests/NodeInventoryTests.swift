import Foundation
import Testing

@testable import MarvelCore

enum InventoryFixture {
    static func q(_ s: String) -> Quantity { (try? Quantity(parsing: s)) ?? .zero }

    static func node(
        _ name: String, labels: [String: String], cpu: String, memory: String, gpu: String? = nil, ready: Bool = true,
        unschedulable: Bool = false, taints: [Node.Taint] = [], arch: String = "amd64"
    ) -> Node {
        var alloc = ["cpu": q(cpu), "memory": q(memory), "pods": q("110")]
        if let gpu { alloc["nvidia.com/gpu"] = q(gpu) }
        return Node(
            name: name, labels: labels, taints: taints, unschedulable: unschedulable, capacity: alloc, allocatable: alloc,
            conditions: [Node.Condition(type: "Ready", status: ready ? "True" : "False")], arch: arch, os: "linux",
            kubeletVersion: "v1.30.2")
    }

    static func pod(_ name: String, on node: String, cpu: String, memory: String, gpu: String? = nil, phase: String = "Running") -> Pod {
        var req = ["cpu": q(cpu), "memory": q(memory)]
        if let gpu { req["nvidia.com/gpu"] = q(gpu) }
        return Pod(name: name, namespace: "marvel", nodeName: node, phase: phase, containers: [Pod.Container(name: "c", requests: req)])
    }

    static let snapshot = ClusterSnapshot(
        nodes: [
            node(
                "cloud-b", labels: ["marvdash.io/layer": "cloud", "marvdash.io/site": "UNS"], cpu: "8", memory: "32Gi",
                unschedulable: true, taints: [Node.Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")]),
            node("cloud-a", labels: ["marvdash.io/layer": "cloud", "marvdash.io/site": "GRN"], cpu: "16", memory: "64Gi", gpu: "2"),
            node("fog-1", labels: ["Layer": "FOG", "marvdash.io/site": "MT"], cpu: "8", memory: "16Gi", ready: false, arch: "arm64"),
            node("mystery", labels: [:], cpu: "2", memory: "4Gi"),
        ],
        pods: [
            pod("p1", on: "cloud-a", cpu: "250m", memory: "512Mi"),
            pod("p2", on: "cloud-a", cpu: "1", memory: "1Gi", gpu: "1"),
            pod("done", on: "cloud-a", cpu: "4", memory: "8Gi", phase: "Succeeded"),
            pod("p4", on: "fog-1", cpu: "500m", memory: "256Mi"),
            pod("waiting", on: "", cpu: "1", memory: "1Gi", phase: "Pending"),
        ],
        serverVersion: "v1.30.2", fetchedAt: Date(timeIntervalSince1970: 1_700_000_000))
}

@Suite struct NodeInventoryGroupingTests {
    let inventory = NodeInventory(snapshot: InventoryFixture.snapshot)

    @Test func groupsInDisplayOrderWithEmptyEdgeAndUnassignedLast() {
        #expect(inventory.groups.map(\.layer) == [.cloud, .fog, .edge, .unassigned])
        #expect(inventory.groups[0].rows.map(\.name) == ["cloud-a", "cloud-b"])
        #expect(inventory.groups[2].rows.isEmpty)
        #expect(inventory.groups[2].totals == LayerTotals())
        #expect(inventory.groups[3].rows.map(\.name) == ["mystery"])
    }

    @Test func unassignedIsLeftOutWhenEmpty() {
        var snap = InventoryFixture.snapshot
        snap.nodes.removeAll { $0.name == "mystery" }
        #expect(NodeInventory(snapshot: snap).groups.map(\.layer) == [.cloud, .fog, .edge])
    }

    @Test func rowFigures() throws {
        let a = try #require(inventory.row(named: "cloud-a"))
        #expect(a.status == "Ready" && a.site == "GRN" && a.arch == "amd64" && a.layer == .cloud)
        #expect(a.cpuRequested.milliValue == 1250)
        #expect(a.memoryRequested.value == Int64(1536 << 20))
        #expect(a.cpuPercent == 1.25 / 16 * 100)
        #expect(a.memoryPercent == 1.5 / 64 * 100)
        #expect(a.gpuAllocatable == 2 && a.gpuRequested == 1)
        #expect(a.podCount == 2)
        #expect(a.pods.map(\.name) == ["done", "p1", "p2"])
        let b = try #require(inventory.row(named: "cloud-b"))
        #expect(b.status == "Ready,SchedulingDisabled")
        #expect(b.taints == ["node-role.kubernetes.io/control-plane:NoSchedule"])
        #expect(b.cpuPercent == 0 && b.podCount == 0)
        let fog = try #require(inventory.row(named: "fog-1"))
        #expect(fog.status == "NotReady" && fog.layer == .fog)
    }

    @Test func totals() {
        let cloud = inventory.groups[0].totals
        #expect(cloud.nodes == 2 && cloud.ready == 2)
        #expect(cloud.cpuAllocatable.value == 24 && cloud.cpuRequested.milliValue == 1250)
        #expect(cloud.memoryAllocatable.value == Int64(96) << 30)
        #expect(cloud.memoryRequested.value == Int64(1536) << 20)
        #expect(abs(cloud.cpuPercent - 1.25 / 24 * 100) < 1e-9)
        #expect(cloud.gpuAllocatable == 2 && cloud.gpuRequested == 1)
        #expect(cloud.pods == 2)
        let fog = inventory.groups[1].totals
        #expect(fog.nodes == 1 && fog.ready == 0 && fog.pods == 1)
    }

    @Test func percentOverAHundredIsKept() {
        var snap = InventoryFixture.snapshot
        snap.pods.append(InventoryFixture.pod("hog", on: "mystery", cpu: "3", memory: "1Gi"))
        let row = NodeInventory(snapshot: snap).row(named: "mystery")
        #expect(row?.cpuPercent == 150)
    }
}

@Suite struct NodeInventoryFilterTests {
    func names(_ filter: String) -> [String] {
        NodeInventory(snapshot: InventoryFixture.snapshot, filter: filter).rows.map(\.name)
    }

    @Test func matchesNameSiteArchStatusLayerTaintAndLabels() {
        #expect(names("CLOUD-A") == ["cloud-a"])
        #expect(names("grn") == ["cloud-a"])
        #expect(names("arm64") == ["fog-1"])
        #expect(names("notready") == ["fog-1"])
        #expect(names("SchedulingDisabled") == ["cloud-b"])
        #expect(names("fog") == ["fog-1"])
        #expect(names("noschedule") == ["cloud-b"])
        #expect(names("Layer=FOG") == ["fog-1"])
        #expect(names("marvdash.io/site=uns") == ["cloud-b"])
        #expect(names("unassigned") == ["mystery"])
        #expect(names("") == ["cloud-a", "cloud-b", "fog-1", "mystery"])
        #expect(names("nothing-like-this").isEmpty)
    }

    @Test func totalsFollowTheFilterAndCoreLayersStay() {
        let inv = NodeInventory(snapshot: InventoryFixture.snapshot, filter: "GRN")
        #expect(inv.groups.map(\.layer) == [.cloud, .fog, .edge])
        #expect(inv.groups[0].totals.nodes == 1)
        #expect(inv.groups[0].totals.cpuAllocatable.value == 16)
        #expect(inv.groups[1].totals.nodes == 0)
    }
}

@Suite struct NodeInventoryOutputTests {
    let inventory = NodeInventory(snapshot: InventoryFixture.snapshot)

    @Test func headingLine() {
        #expect(inventory.heading(inventory.groups[0]) == "CLOUD  2 nodes (2 ready)  cpu 1.3/24 (5%)  mem 1.5Gi/96Gi (2%)  gpu 1/2  pods 2")
        #expect(inventory.heading(inventory.groups[2]) == "EDGE  0 nodes (0 ready)  cpu 0/0 (0%)  mem 0/0 (0%)  gpu 0/0  pods 0")
    }

    @Test func tableHasAlignedColumns() {
        let lines = inventory.table(width: 0).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("CLOUD  2 nodes"))
        let header = lines[1]
        #expect(header.hasPrefix("NAME"))
        for col in ["STATUS", "SITE", "ARCH", "CPU", "MEM", "CPU%", "MEM%", "EXTENDED", "PODS", "TAINTS"] { #expect(header.contains(col)) }
        let rowA = lines[2]
        #expect(rowA.hasPrefix("cloud-a"))
        #expect(rowA.contains("1.3/16") && rowA.contains("1.5Gi/64Gi") && rowA.contains("8%") && rowA.contains("1/2"))
        // STATUS starts in the same column in the header and in every row.
        let statusColumn = header.range(of: "STATUS").map { header.distance(from: header.startIndex, to: $0.lowerBound) }
        let readyColumn = rowA.range(of: "Ready").map { rowA.distance(from: rowA.startIndex, to: $0.lowerBound) }
        #expect(statusColumn == readyColumn)
        #expect(lines.contains { $0.hasPrefix("cloud-b") && $0.hasSuffix("node-role.kubernetes.io/control-plane:NoSchedule") })
        #expect(lines.contains("(no nodes)"))
        #expect(lines.contains { $0.hasPrefix("UNASSIGNED  1 node (1 ready)") })
    }

    @Test func tableCutsToWidth() {
        for line in inventory.table(width: 40).split(separator: "\n") { #expect(line.count <= 40) }
    }

    @Test func jsonShapeUsesNumbers() throws {
        let json = inventory.json()
        let layers = try #require(json["layers"]?.arrayValue)
        #expect(layers.map { $0["layer"]?.stringValue } == ["cloud", "fog", "edge", "unassigned"])
        let a = try #require(layers[0]["nodes"]?[0])
        #expect(a["name"] == "cloud-a")
        #expect(a["cpuAllocatable"] == .double(16))
        #expect(a["cpuRequested"] == .double(1.25))
        #expect(a["memoryAllocatable"] == .int(64 << 30))
        #expect(a["memoryRequested"] == .int(1536 << 20))
        #expect(a["cpuPercent"] == .double(7.8))
        #expect(a["pods"] == .int(2))
        #expect(a["ready"] == .bool(true))
        #expect(a["labels"]?["marvdash.io/site"] == "GRN")
        let totals = try #require(layers[0]["totals"])
        #expect(totals["nodes"] == .int(2) && totals["gpuAllocatable"] == .int(2))
        // Stable: the same inventory serialises identically.
        #expect(json.jsonString() == NodeInventory(snapshot: InventoryFixture.snapshot).json().jsonString())
    }
}
