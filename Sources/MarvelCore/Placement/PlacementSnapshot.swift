/// The cluster as the placer sees it: nodes in name order, and per node what
/// it can hold and what the pods bound to it (not finished) already request,
/// kept as flat arrays of whole numbers so a decision over thousands of nodes
/// is a tight loop. Besides the requests the filters check, each node keeps
/// the cpu and memory its pods count for scoring (kube-scheduler's
/// `NonZeroRequested`: a pod asking for none counts 100m and 200Mi), so
/// request-less pods still load a node. `bind` records a decision so the
/// next one sees it.
public struct PlacementSnapshot: Sendable {
    public let nodes: [PlacementNode]
    public let columns: ResourceColumns
    /// node-major: `allocatable[node * columns.count + column]`.
    var allocatable: [Int64]
    var requested: [Int64]
    /// Per node: cpu (millicores) and memory (bytes) requested as the scores count them.
    var scoreCPU: [Int64]
    var scoreMemory: [Int64]
    /// The columns of accelerator resources (`ExtendedResources.isAccelerator`).
    let acceleratorColumns: [Int]
    let nodeIndex: [String: Int]
    /// How many nodes hold each image name (ImageLocality's spread).
    public let imageNodeCounts: [String: Int]
    /// Per node: what it uses beyond what its pods request (metrics.k8s.io), in millicores
    /// and bytes; 0 where usage is within requests or unknown. The `usage` policy adds it.
    public private(set) var cpuAboveRequests: [Int64]
    public private(set) var memoryAboveRequests: [Int64]
    /// Whether usage was known for any node.
    public private(set) var hasUsage = false
    /// Counts binds and unbinds, so a `DecisionQueue` can tell whether anyone else changed the loads.
    public private(set) var changes = 0

    /// Nodes with what is already requested on each (by name; pods count included as `pods`).
    /// `scoreRequested` is the cpu and memory the bound pods count for scoring (kube's
    /// non-zero requests); without it, a node's requested cpu and memory stand in.
    public init(
        nodes: [PlacementNode], requested: [String: [String: Quantity]] = [:], podCounts: [String: Int] = [:],
        scoreRequested: [String: [String: Quantity]]? = nil
    ) {
        let sorted = nodes.sorted { $0.name < $1.name }
        var extended = Set<String>()
        for n in sorted { extended.formUnion(n.allocatable.keys) }
        for r in requested.values { extended.formUnion(r.keys) }
        let columns = ResourceColumns(extended: extended)
        let width = columns.count
        var alloc = [Int64](repeating: 0, count: sorted.count * width)
        var used = [Int64](repeating: 0, count: sorted.count * width)
        var scoreCPU = [Int64](repeating: 0, count: sorted.count)
        var scoreMemory = [Int64](repeating: 0, count: sorted.count)
        for (i, n) in sorted.enumerated() {
            for (resource, q) in n.allocatable {
                guard let c = columns.column(resource) else { continue }
                alloc[i * width + c] = ResourceColumns.amount(q, resource: resource)
            }
            if n.allocatable[ResourceColumns.pods] == nil { alloc[i * width] = ResourceColumns.defaultMaxPods }
            for (resource, q) in requested[n.name] ?? [:] where resource != ResourceColumns.pods {
                guard let c = columns.column(resource) else { continue }
                used[i * width + c] = ResourceColumns.amount(q, resource: resource)
            }
            used[i * width] = Int64(podCounts[n.name] ?? 0)
            let scored = scoreRequested.map { $0[n.name] ?? [:] } ?? requested[n.name] ?? [:]
            scoreCPU[i] = scored[ResourceColumns.cpu].map { ResourceColumns.amount($0, resource: ResourceColumns.cpu) } ?? 0
            scoreMemory[i] = scored[ResourceColumns.memory].map { ResourceColumns.amount($0, resource: ResourceColumns.memory) } ?? 0
        }
        self.nodes = sorted
        self.columns = columns
        self.allocatable = alloc
        self.requested = used
        self.scoreCPU = scoreCPU
        self.scoreMemory = scoreMemory
        self.acceleratorColumns = columns.names.indices.filter { ExtendedResources.isAccelerator(columns.names[$0]) }
        self.nodeIndex = Dictionary(sorted.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var imageCounts: [String: Int] = [:]
        for n in sorted { for name in n.images.keys { imageCounts[name, default: 0] += 1 } }
        self.imageNodeCounts = imageCounts
        cpuAboveRequests = [Int64](repeating: 0, count: sorted.count)
        memoryAboveRequests = [Int64](repeating: 0, count: sorted.count)
    }

    /// Records what nodes use (by name): the part above what is requested on each is kept.
    public mutating func record(usage: [String: ResourceUsage]) {
        guard let cpu = columns.column(ResourceColumns.cpu), let memory = columns.column(ResourceColumns.memory) else { return }
        for (name, used) in usage {
            guard let i = nodeIndex[name] else { continue }
            hasUsage = true
            let base = i * columns.count
            cpuAboveRequests[i] = max(0, ResourceColumns.amount(used.cpu, resource: ResourceColumns.cpu) - requested[base + cpu])
            memoryAboveRequests[i] = max(0, ResourceColumns.amount(used.memory, resource: ResourceColumns.memory) - requested[base + memory])
        }
    }

    /// From a cluster snapshot: every node, with the effective requests (and the
    /// scoring cpu and memory) of its pods that have not finished summed in.
    /// `excluding` drops pods (an instance's own pods when it is re-placed for an upgrade).
    public init(cluster: ClusterSnapshot, rules: LayerRules = LayerRules(), excluding: (Pod) -> Bool = { _ in false }) {
        var requested: [String: [String: Quantity]] = [:]
        var scored: [String: [String: Quantity]] = [:]
        var counts: [String: Int] = [:]
        for pod in cluster.pods where !pod.nodeName.isEmpty && !pod.isTerminated && !excluding(pod) {
            counts[pod.nodeName, default: 0] += 1
            for (k, v) in pod.effectiveRequests { requested[pod.nodeName, default: [:]][k, default: .zero] += v }
            for (k, v) in pod.nonZeroRequests { scored[pod.nodeName, default: [:]][k, default: .zero] += v }
        }
        self.init(
            nodes: cluster.nodes.map { PlacementNode(node: $0, rules: rules) }, requested: requested, podCounts: counts,
            scoreRequested: scored)
        if let usage = cluster.usage { record(usage: usage.nodes) }
    }

    /// The index of node `name`.
    public func index(of name: String) -> Int? { nodeIndex[name] }

    /// What node `i` can hold, in column units.
    public func allocatable(_ i: Int, _ resource: String) -> Int64 {
        columns.column(resource).map { allocatable[i * columns.count + $0] } ?? 0
    }

    /// What is already requested on node `i`, in column units (`pods` = pods bound).
    public func requested(_ i: Int, _ resource: String) -> Int64 {
        columns.column(resource).map { requested[i * columns.count + $0] } ?? 0
    }

    /// The cpu (millicores) and memory (bytes) node `i`'s pods count for scoring.
    public func scoreRequested(_ i: Int) -> (cpu: Int64, memory: Int64) { (scoreCPU[i], scoreMemory[i]) }

    /// Accelerators node `i` offers and how many are requested, over every accelerator resource.
    @inline(__always)
    func accelerators(_ i: Int) -> (allocatable: Int64, requested: Int64) {
        let base = i * columns.count
        var alloc: Int64 = 0
        var used: Int64 = 0
        for c in acceleratorColumns {
            alloc += allocatable[base + c]
            used += requested[base + c]
        }
        return (alloc, used)
    }

    /// Records a pod with `demand` on node `i`.
    public mutating func bind(_ demand: PodDemand, to i: Int) {
        let base = i * columns.count
        for (c, amount) in demand.nonZero { requested[base + c] += amount }
        scoreCPU[i] += demand.scoreCPU
        scoreMemory[i] += demand.scoreMemory
        changes += 1
    }

    /// Takes a pod with `demand` off node `i` again.
    public mutating func unbind(_ demand: PodDemand, from i: Int) {
        let base = i * columns.count
        for (c, amount) in demand.nonZero { requested[base + c] -= amount }
        scoreCPU[i] -= demand.scoreCPU
        scoreMemory[i] -= demand.scoreMemory
        changes += 1
    }
}
