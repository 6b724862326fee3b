import Foundation

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
    /// What the layer's nodes use, summed over those with usage; nil when none has any.
    public var usage: ResourceUsage?
    /// The allocatable of the nodes with usage (the base of the used percentages).
    public var cpuAllocatableWithUsage = Quantity.zero
    public var memoryAllocatableWithUsage = Quantity.zero

    public init() {}

    public var cpuPercent: Double { NodeInventory.percent(cpuRequested, of: cpuAllocatable) }
    public var memoryPercent: Double { NodeInventory.percent(memoryRequested, of: memoryAllocatable) }
    public var cpuUsedPercent: Double? { usage.map { NodeInventory.percent($0.cpu, of: cpuAllocatableWithUsage) } }
    public var memoryUsedPercent: Double? { usage.map { NodeInventory.percent($0.memory, of: memoryAllocatableWithUsage) } }

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
        if let used = row.usage {
            usage = (usage ?? .zero) + used
            cpuAllocatableWithUsage += row.cpuAllocatable
            memoryAllocatableWithUsage += row.memoryAllocatable
        }
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
///
/// Building one from a snapshot walks every node and pod; a snapshot prepared with
/// `ClusterSnapshot.preparingNodeInventory(rules:)` (on the thread that fetched it)
/// carries that work done, and `filtered(by:)` re-filters without redoing it.
public struct NodeInventory: Sendable {
    public let rules: LayerRules
    public let filter: String
    public let groups: [LayerGroup]
    /// Every row before filtering; filtered copies share it.
    let catalog: NodeCatalog

    public init(snapshot: ClusterSnapshot, rules: LayerRules = LayerRules(), filter: String = "") {
        if let prepared = snapshot.nodeInventory, prepared.rules == rules {
            self = prepared.filtered(by: filter)
        } else if let base = snapshot.inventoryBase, base.inventory.rules == rules, let catalog = base.updatedCatalog(for: snapshot) {
            self = NodeInventory(catalog: catalog, filter: filter)
        } else {
            self = NodeInventory(catalog: NodeCatalog(snapshot: snapshot, rules: rules), filter: filter)
        }
    }

    init(catalog: NodeCatalog, filter: String) {
        self.rules = catalog.rules
        self.filter = filter
        self.catalog = catalog
        self.groups = catalog.groups(matching: filter)
    }

    /// The same rows under another filter, without walking the pods again.
    public func filtered(by filter: String) -> NodeInventory {
        filter == self.filter ? self : NodeInventory(catalog: catalog, filter: filter)
    }

    /// All rows in display order (layer, then name).
    public var rows: [NodeRow] { groups.flatMap(\.rows) }

    /// The row of a node by name, if it passed the filter.
    public func row(named name: String) -> NodeRow? {
        for group in groups {
            if let row = group.rows.first(where: { $0.name == name }) { return row }
        }
        return nil
    }

    static func row(for node: Node, pods: [Pod], rules: LayerRules, usage: ResourceUsage? = nil) -> NodeRow {
        let requested = requests(of: pods)
        let active = pods.filter { !$0.isTerminated }.count
        let cpu = requested["cpu", default: .zero]
        let mem = requested["memory", default: .zero]
        let cpuAlloc = node.allocatable["cpu", default: .zero]
        let memAlloc = node.allocatable["memory", default: .zero]
        let extended = extendedUse(allocatable: node.allocatable, requested: requested)
        let accelerators = extended.filter(\.isAccelerator)
        return NodeRow(NodeRow.Fields(
            name: node.name, layer: rules.layer(of: node.labels), status: node.statusText,
            site: rules.site(of: node.labels), arch: node.arch, cpuAllocatable: cpuAlloc, memoryAllocatable: memAlloc,
            cpuRequested: cpu, memoryRequested: mem, cpuPercent: percent(cpu, of: cpuAlloc),
            memoryPercent: percent(mem, of: memAlloc), gpuAllocatable: accelerators.reduce(0) { $0 + $1.allocatable },
            gpuRequested: accelerators.reduce(0) { $0 + $1.requested }, extended: extended,
            podCount: active, taints: node.taints.map(\.description), node: node, pods: pods, isReady: node.isReady,
            usage: usage))
    }

    /// The effective requests of the pods that still run (`PodRequests`), summed per resource.
    public static func requests(of pods: [Pod]) -> [String: Quantity] {
        var out: [String: Quantity] = [:]
        for pod in pods where !pod.isTerminated {
            for (k, v) in pod.effectiveRequests { out[k, default: .zero] += v }
        }
        return out
    }

    /// Every extended resource the node advertises (allocatable above 0) or its pods request, by name.
    static func extendedUse(allocatable: [String: Quantity], requested: [String: Quantity]) -> [ExtendedResourceUse] {
        let names = Set(ExtendedResources.names(in: allocatable).filter { allocatable[$0, default: .zero] > .zero })
            .union(ExtendedResources.names(in: requested).filter { requested[$0, default: .zero] > .zero })
        return names.sorted().map {
            ExtendedResourceUse(name: $0, allocatable: allocatable[$0, default: .zero].value, requested: requested[$0, default: .zero].value)
        }
    }

    /// The fields a filter is matched against, in the order they are searched.
    static func searchFields(_ row: NodeRow) -> [String] {
        var fields = [row.name, row.site, row.arch, row.status, row.layer.rawValue]
        fields += row.taints
        fields += row.node.labels.map { "\($0.key)=\($0.value)" }
        return fields
    }

    static func matches(_ row: NodeRow, _ needle: String) -> Bool {
        searchFields(row).contains { $0.lowercased().contains(needle) }
    }

    static func percent(_ part: Quantity, of whole: Quantity) -> Double {
        whole.nanos > 0 ? part.nanosAsDouble * 100 / whole.nanosAsDouble : 0
    }
}
