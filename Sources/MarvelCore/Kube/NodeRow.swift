import Foundation
import Synchronization

/// One extended resource of a node (`nvidia.com/gpu`, `gpu.intel.com/i915`, …):
/// how many units it advertises and how many its pods request.
public struct ExtendedResourceUse: Sendable, Hashable {
    public var name: String
    public var allocatable: Int64
    public var requested: Int64

    public init(name: String, allocatable: Int64, requested: Int64) {
        self.name = name
        self.allocatable = allocatable
        self.requested = requested
    }

    /// Whether it is a GPU (see `ExtendedResources.isAccelerator`).
    public var isAccelerator: Bool { ExtendedResources.isAccelerator(name) }

    /// "1/2 nvidia.com/gpu".
    public var text: String { "\(requested)/\(allocatable) \(name)" }
}

/// One node as a row of the Nodes view: status, placement labels, and how much
/// of its allocatable cpu, memory, GPUs and other extended resources the pods
/// bound to it request.
///
/// The fields live in one shared, immutable box: copying a row (filtering 5,000
/// of them on every keystroke) costs one reference count, and a change replaces
/// the box, so rows still behave as plain values.
public struct NodeRow: Sendable, Hashable, Identifiable {
    /// The stored fields of a row.
    struct Fields: Sendable, Hashable {
        var name: String
        var layer: Layer
        var status: String
        var site: String
        var arch: String
        var cpuAllocatable: Quantity
        var memoryAllocatable: Quantity
        var cpuRequested: Quantity
        var memoryRequested: Quantity
        var cpuPercent: Double
        var memoryPercent: Double
        var gpuAllocatable: Int64
        var gpuRequested: Int64
        var extended: [ExtendedResourceUse]
        var podCount: Int
        var taints: [String]
        var node: Node
        var pods: [Pod]
        var isReady: Bool
        /// What the node uses (metrics.k8s.io), nil when unknown.
        var usage: ResourceUsage? = nil
    }

    /// Immutable storage shared by copies of a row, numbered when made.
    private final class Box: Sendable {
        let fields: Fields
        let serial: Int
        init(_ fields: Fields) {
            self.fields = fields
            serial = Box.counter.add(1, ordering: .relaxed).newValue
        }
        private static let counter = Atomic<Int>(0)
    }

    private var box: Box

    init(_ fields: Fields) { box = Box(fields) }

    /// True when both are the very same row (one storage, as rows a cache update kept):
    /// a constant-time check that implies equality, used to skip re-formatting it.
    public func isSameRow(as other: NodeRow) -> Bool { box === other.box }

    /// A number no other row made in this process has (copies share it); a change makes a
    /// new row with a new number. Lets a view keep what it drew of a row without keeping the row.
    public var serial: Int { box.serial }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = box.fields
        change(&fields)
        box = Box(fields)
    }

    public var name: String {
        get { box.fields.name }
        set { update { $0.name = newValue } }
    }
    public var layer: Layer {
        get { box.fields.layer }
        set { update { $0.layer = newValue } }
    }
    /// "Ready", "NotReady", "Ready,SchedulingDisabled".
    public var status: String {
        get { box.fields.status }
        set { update { $0.status = newValue } }
    }
    public var site: String {
        get { box.fields.site }
        set { update { $0.site = newValue } }
    }
    public var arch: String {
        get { box.fields.arch }
        set { update { $0.arch = newValue } }
    }
    public var cpuAllocatable: Quantity {
        get { box.fields.cpuAllocatable }
        set { update { $0.cpuAllocatable = newValue } }
    }
    public var memoryAllocatable: Quantity {
        get { box.fields.memoryAllocatable }
        set { update { $0.memoryAllocatable = newValue } }
    }
    public var cpuRequested: Quantity {
        get { box.fields.cpuRequested }
        set { update { $0.cpuRequested = newValue } }
    }
    public var memoryRequested: Quantity {
        get { box.fields.memoryRequested }
        set { update { $0.memoryRequested = newValue } }
    }
    /// Requested as a percentage of allocatable (0 when nothing is allocatable; can exceed 100).
    public var cpuPercent: Double {
        get { box.fields.cpuPercent }
        set { update { $0.cpuPercent = newValue } }
    }
    public var memoryPercent: Double {
        get { box.fields.memoryPercent }
        set { update { $0.memoryPercent = newValue } }
    }
    /// Accelerators (GPUs of every vendor) advertised and requested.
    public var gpuAllocatable: Int64 {
        get { box.fields.gpuAllocatable }
        set { update { $0.gpuAllocatable = newValue } }
    }
    public var gpuRequested: Int64 {
        get { box.fields.gpuRequested }
        set { update { $0.gpuRequested = newValue } }
    }
    /// Every extended resource the node advertises or its pods request, by name.
    public var extended: [ExtendedResourceUse] {
        get { box.fields.extended }
        set { update { $0.extended = newValue } }
    }
    /// Pods bound to the node that have not finished.
    public var podCount: Int {
        get { box.fields.podCount }
        set { update { $0.podCount = newValue } }
    }
    /// kubectl's "key=value:Effect" form.
    public var taints: [String] {
        get { box.fields.taints }
        set { update { $0.taints = newValue } }
    }
    public var node: Node {
        get { box.fields.node }
        set { update { $0.node = newValue; $0.isReady = newValue.isReady } }
    }
    /// Every pod bound to the node (finished ones included), sorted by namespace/name.
    public var pods: [Pod] {
        get { box.fields.pods }
        set { update { $0.pods = newValue } }
    }

    public var id: String { name }
    /// Whether the node's Ready condition is True (read once, when the row is made).
    public var isReady: Bool { box.fields.isReady }

    /// What the node uses now (metrics.k8s.io); nil when the metrics API gave none.
    public var usage: ResourceUsage? {
        get { box.fields.usage }
        set { update { $0.usage = newValue } }
    }
    /// Used as a percentage of allocatable; nil without usage.
    public var cpuUsedPercent: Double? { usage.map { NodeInventory.percent($0.cpu, of: cpuAllocatable) } }
    public var memoryUsedPercent: Double? { usage.map { NodeInventory.percent($0.memory, of: memoryAllocatable) } }

    /// Usage runs far above requests: in cpu or memory, more than 1.5 times what the pods
    /// request and by more than a tenth of the node (pods without requests or limits, or
    /// limits far above requests). The scheduler, which counts requests, would overfill it.
    public var usageFarAboveRequests: Bool {
        guard let usage else { return false }
        func far(_ used: Quantity, _ requested: Quantity, _ allocatable: Quantity) -> Bool {
            allocatable.nanos > 0 && used.nanosAsDouble > requested.nanosAsDouble * 1.5
                && (used.nanosAsDouble - requested.nanosAsDouble) > allocatable.nanosAsDouble / 10
        }
        return far(usage.cpu, cpuRequested, cpuAllocatable) || far(usage.memory, memoryRequested, memoryAllocatable)
    }

    public static func == (a: NodeRow, b: NodeRow) -> Bool { a.box === b.box || a.box.fields == b.box.fields }
    public func hash(into hasher: inout Hasher) { hasher.combine(box.fields) }
}
