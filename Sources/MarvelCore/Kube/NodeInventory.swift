import Foundation

/// One node as a row of the Nodes view: status, placement labels, and how much
/// of its allocatable cpu, memory and GPUs the pods bound to it request.
public struct NodeRow: Sendable, Hashable, Identifiable {
    public var name: String
    public var layer: Layer
    /// "Ready", "NotReady", "Ready,SchedulingDisabled".
    public var status: String
    public var site: String
    public var arch: String
    public var cpuAllocatable: Quantity
    public var memoryAllocatable: Quantity
    public var cpuRequested: Quantity
    public var memoryRequested: Quantity
    /// Requested as a percentage of allocatable (0 when nothing is allocatable; can exceed 100).
    public var cpuPercent: Double
    public var memoryPercent: Double
    public var gpuAllocatable: Int64
    public var gpuRequested: Int64
    /// Pods bound to the node that have not finished.
    public var podCount: Int
    /// kubectl's "key=value:Effect" form.
    public var taints: [String]
    public var node: Node
    /// Every pod bound to the node (finished ones included), sorted by namespace/name.
    public var pods: [Pod]

    public var id: String { name }
    public var isReady: Bool { node.isReady }
}

/// The sums of a layer's rows.
public struct LayerTotals: Sendable, Hashable {
    public var nodes = 0
    public var ready = 0
    public var cpuAllocatable = Quantity.zero
    public var cpuRequested = Quantity.zero
    public var memoryAllocatable = Quantity.zero
    public var memoryRequested = Quantity.zero
    public var gpuAllocatable: Int64 = 0
    public var gpuRequested: Int64 = 0
    public var pods = 0

    public init() {}

    public var cpuPercent: Double { NodeInventory.percent(cpuRequested, of: cpuAllocatable) }
    public var memoryPercent: Double { NodeInventory.percent(memoryRequested, of: memoryAllocatable) }

    mutating func add(_ row: NodeRow) {
        nodes += 1
        if row.isReady { ready += 1 }
        cpuAllocatable += row.cpuAllocatable
        cpuRequested += row.cpuRequested
        memoryAllocatable += row.memoryAllocatable
        memoryRequested += row.memoryRequested
        gpuAllocatable += row.gpuAllocatable
        gpuRequested += row.gpuRequested
        pods += row.podCount
    }
}

/// The rows of one layer and their totals.
public struct LayerGroup: Sendable, Hashable, Identifiable {
    public var layer: Layer
    public var rows: [NodeRow]
    public var totals: LayerTotals
    public var id: Layer { layer }
}

/// The Nodes view model shared by `marvdash nodes` and the console: nodes grouped
/// by layer (cloud, fog, edge always; unassigned when it has rows), with
/// requested-vs-allocatable figures, filtered by a case-insensitive substring.
public struct NodeInventory: Sendable {
    /// Extended resource names counted as GPUs.
    public static let gpuResources = ["nvidia.com/gpu", "amd.com/gpu", "gpu.intel.com/i915"]

    public let rules: LayerRules
    public let filter: String
    public let groups: [LayerGroup]

    public init(snapshot: ClusterSnapshot, rules: LayerRules = LayerRules(), filter: String = "") {
        self.rules = rules
        self.filter = filter
        let byNode = snapshot.podsByNode()
        let needle = filter.trimmingCharacters(in: .whitespaces).lowercased()
        var rowsByLayer: [Layer: [NodeRow]] = [:]
        for node in snapshot.nodes {
            let row = Self.row(for: node, pods: byNode[node.name] ?? [], rules: rules)
            if needle.isEmpty || Self.matches(row, needle) { rowsByLayer[row.layer, default: []].append(row) }
        }
        groups = Layer.allCases.compactMap { layer in
            let rows = (rowsByLayer[layer] ?? []).sorted { $0.name < $1.name }
            if layer == .unassigned && rows.isEmpty { return nil }
            var totals = LayerTotals()
            for r in rows { totals.add(r) }
            return LayerGroup(layer: layer, rows: rows, totals: totals)
        }
    }

    /// All rows in display order (layer, then name).
    public var rows: [NodeRow] { groups.flatMap(\.rows) }

    /// The row of a node by name, if it passed the filter.
    public func row(named name: String) -> NodeRow? { rows.first(where: { $0.name == name }) }

    static func row(for node: Node, pods: [Pod], rules: LayerRules) -> NodeRow {
        var cpu = Quantity.zero
        var mem = Quantity.zero
        var gpu = Quantity.zero
        var active = 0
        for p in pods where !p.isTerminated {
            active += 1
            let req = p.effectiveRequests
            cpu += req["cpu", default: .zero]
            mem += req["memory", default: .zero]
            for g in gpuResources { gpu += req[g, default: .zero] }
        }
        let cpuAlloc = node.allocatable["cpu", default: .zero]
        let memAlloc = node.allocatable["memory", default: .zero]
        let gpuAlloc = gpuResources.reduce(Quantity.zero) { $0 + node.allocatable[$1, default: .zero] }
        return NodeRow(
            name: node.name, layer: rules.layer(of: node.labels), status: node.statusText,
            site: rules.site(of: node.labels), arch: node.arch, cpuAllocatable: cpuAlloc, memoryAllocatable: memAlloc,
            cpuRequested: cpu, memoryRequested: mem, cpuPercent: percent(cpu, of: cpuAlloc),
            memoryPercent: percent(mem, of: memAlloc), gpuAllocatable: gpuAlloc.value, gpuRequested: gpu.value,
            podCount: active, taints: node.taints.map(\.description), node: node,
            pods: pods.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) })
    }

    static func matches(_ row: NodeRow, _ needle: String) -> Bool {
        var fields = [row.name, row.site, row.arch, row.status, row.layer.rawValue]
        fields += row.taints
        fields += row.node.labels.map { "\($0.key)=\($0.value)" }
        return fields.contains { $0.lowercased().contains(needle) }
    }

    static func percent(_ part: Quantity, of whole: Quantity) -> Double {
        whole.nanos > 0 ? Double(part.nanos) * 100 / Double(whole.nanos) : 0
    }
}
