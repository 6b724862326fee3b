/// kube-scheduler's score plugins, each 0…100, with its integer arithmetic.
/// Resource scores look at cpu and memory (weight 1 each).
public enum PlacementScores {
    /// LeastAllocated for one resource: (allocatable − requested) × 100 / allocatable; 0 when over or none.
    @inline(__always)
    public static func least(requested: Int64, allocatable: Int64) -> Int {
        guard allocatable > 0, requested <= allocatable else { return 0 }
        return Int((allocatable - requested) * 100 / allocatable)
    }

    /// MostAllocated for one resource: requested × 100 / allocatable, capped at 100; 0 when none.
    @inline(__always)
    public static func most(requested: Int64, allocatable: Int64) -> Int {
        guard allocatable > 0 else { return 0 }
        return Int(min(requested, allocatable) * 100 / allocatable)
    }

    /// BalancedAllocation: (1 − standard deviation of the requested fractions) × 100,
    /// fractions capped at 1; resources a node lacks are left out.
    public static func balanced(fractions: [Double]) -> Int {
        guard fractions.count > 1 else { return 100 }
        let capped = fractions.map { min($0, 1) }
        let std: Double
        if capped.count == 2 {
            std = abs(capped[0] - capped[1]) / 2
        } else {
            let mean = capped.reduce(0, +) / Double(capped.count)
            std = (capped.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(capped.count)).squareRoot()
        }
        return Int((1 - std) * 100)
    }

    /// BalancedAllocation for cpu and memory (the hot path of `balanced(fractions:)`).
    @inline(__always)
    static func balanced(cpu: Int64, cpuAlloc: Int64, memory: Int64, memoryAlloc: Int64) -> Int {
        guard cpuAlloc > 0, memoryAlloc > 0 else { return 100 }
        let a = min(Double(cpu) / Double(cpuAlloc), 1)
        let b = min(Double(memory) / Double(memoryAlloc), 1)
        return Int((1 - abs(a - b) / 2) * 100)
    }

    /// KeepAcceleratorsFree (marvdash's own, not kube-scheduler's) for a pod that asks for no
    /// accelerator: 100 on a node without accelerators, else the share of the node's
    /// accelerators already requested × 100, so a node whose GPUs are free — the scarce
    /// thing GPU pods need — is the last choice for pods that do not use them.
    @inline(__always)
    public static func keepAcceleratorsFree(allocatable: Int64, requested: Int64) -> Int {
        guard allocatable > 0 else { return 100 }
        return Int(min(requested, allocatable) * 100 / allocatable)
    }

    /// TaintToleration's raw count: PreferNoSchedule taints not tolerated by a
    /// toleration with effect PreferNoSchedule or empty.
    public static func intolerablePreferNoSchedule(_ pod: PodRequirements, _ node: PlacementNode) -> Int {
        let tolerations = pod.tolerations.filter { $0.effect.isEmpty || $0.effect == "PreferNoSchedule" }
        return node.taints.filter { taint in
            taint.effect == "PreferNoSchedule" && !tolerations.contains(where: { $0.tolerates(taint) })
        }.count
    }

    /// NodeAffinity's raw sum: weights of the preferred terms the node matches, plus
    /// the template's preferred layers (first 100, then falling evenly: 100, 50 for two).
    public static func preferredWeight(_ pod: PodRequirements, rules: TemplatePlacement, _ node: PlacementNode) -> Int {
        var sum = 0
        for p in pod.preferredTerms where p.term.matches(labels: node.labels, nodeName: node.name) { sum += p.weight }
        if let i = rules.prefer.firstIndex(of: node.layer) { sum += 100 * (rules.prefer.count - i) / rules.prefer.count }
        return sum
    }

    /// kube's DefaultNormalizeScore: scales to 0…100 by the maximum; `reverse` turns 100 − it.
    public static func normalize(_ raw: [Int], reverse: Bool) -> [Int] {
        let top = raw.max() ?? 0
        return raw.map { r in
            if top == 0 { return reverse ? 100 : 0 }
            let s = 100 * r / top
            return reverse ? 100 - s : s
        }
    }
}

/// One node's score for a pod, plugin by plugin (0…100 each) and the weighted total.
public struct NodeScore: Sendable, Hashable {
    public var taintToleration: Int
    public var nodeAffinity: Int
    /// Replica spread: 100 / (1 + pods of the same workload on the node).
    public var spread: Int
    /// LeastAllocated or MostAllocated, as the policy says.
    public var resources: Int
    public var balanced: Int
    /// Edge-first's layer bonus (0 for other policies).
    public var layerBonus: Int
    /// kube-scheduler's ImageLocality: the pod's images the node already holds.
    public var imageLocality: Int
    /// KeepAcceleratorsFree: 100 unless the node's free GPUs would go to a pod that uses none.
    public var accelerators: Int
    public var total: Int
    /// Under the `usage` policy with usage known: how far measured usage runs above what
    /// the node's pods request, in percent of allocatable (mean of cpu and memory); the
    /// resources score counted it. nil otherwise.
    public var usageAboveRequests: Int?

    public init(
        taintToleration: Int, nodeAffinity: Int, spread: Int = 100, resources: Int, balanced: Int, layerBonus: Int, imageLocality: Int = 0,
        accelerators: Int = 100, total: Int
    ) {
        self.taintToleration = taintToleration
        self.nodeAffinity = nodeAffinity
        self.spread = spread
        self.resources = resources
        self.balanced = balanced
        self.layerBonus = layerBonus
        self.imageLocality = imageLocality
        self.accelerators = accelerators
        self.total = total
    }

    /// The API-like form for `-o json`.
    public var json: JSONValue {
        var o: JSONObject = [
            "total": .int(total), "taintToleration": .int(taintToleration), "nodeAffinity": .int(nodeAffinity), "spread": .int(spread),
            "resources": .int(resources), "balancedAllocation": .int(balanced), "layerBonus": .int(layerBonus),
            "imageLocality": .int(imageLocality), "keepAcceleratorsFree": .int(accelerators),
        ]
        if let usageAboveRequests { o["usageAboveRequests"] = .int(usageAboveRequests) }
        return .object(o)
    }
}
