/// A component prepared against one snapshot: its demand in column units, the
/// verdict of every filter but resource fit per node, and the scores that do
/// not depend on what is bound (TaintToleration, NodeAffinity, the layer
/// bonus), normalised over the nodes that pass those filters. Deciding a pod
/// is then one pass of resource checks and resource scores.
public struct CompiledComponent: Sendable {
    public let requirement: ComponentRequirement
    public let policy: PlacementPolicy
    public let demand: PodDemand
    /// Per node: the reason a fixed-fact filter rejects it, or nil.
    public let staticReasons: [String?]
    /// Per node: the reason its volumes rule it out (VolumeBinding, which kube-scheduler
    /// runs after resource fit, so it is reported after resource reasons), or nil.
    public let volumeReasons: [String?]
    /// Indices of the nodes no fixed-fact filter (nor a volume) rejects, in name order.
    public let candidates: [Int]
    /// Per node: normalised TaintToleration and NodeAffinity scores and the layer bonus.
    let taintScores: [Int]
    let affinityScores: [Int]
    let layerBonus: [Int]
    /// Per node: ImageLocality (the pod's images already on the node).
    let imageScores: [Int]
    /// Per node: their weighted sum.
    let staticScore: [Int]
    let cpuColumn: Int
    let memoryColumn: Int
    /// Seeds the choice among nodes tied at the best score (see `TopScoreSampler`).
    public let tieSeed: UInt64

    /// `tieSeed` defaults to the seed of the component's name.
    public init(_ requirement: ComponentRequirement, policy: PlacementPolicy, snapshot: PlacementSnapshot, tieSeed: UInt64? = nil) {
        self.requirement = requirement
        self.policy = policy
        self.tieSeed = tieSeed ?? PlacementSeed.of(requirement.name)
        demand = PodDemand(requirement.pod, columns: snapshot.columns)
        var reasons: [String?] = []
        var volumes: [String?] = []
        reasons.reserveCapacity(snapshot.nodes.count)
        var candidates: [Int] = []
        for (i, node) in snapshot.nodes.enumerated() {
            let r = PlacementFilters.staticReason(requirement.pod, rules: requirement.rules, on: node)
                ?? ImagePlatformFilter.reason(requirement.images, on: node)
            let v = requirement.pod.volumes.isEmpty ? nil : PlacementFilters.volumeConflict(requirement.pod, node)
            reasons.append(r)
            volumes.append(v)
            if r == nil && v == nil { candidates.append(i) }
        }
        staticReasons = reasons
        volumeReasons = volumes
        self.candidates = candidates
        let n = snapshot.nodes.count
        var taintRaw = [Int](repeating: 0, count: n)
        var affinityRaw = [Int](repeating: 0, count: n)
        for i in candidates {
            taintRaw[i] = PlacementScores.intolerablePreferNoSchedule(requirement.pod, snapshot.nodes[i])
            affinityRaw[i] = PlacementScores.preferredWeight(requirement.pod, rules: requirement.rules, snapshot.nodes[i])
        }
        // Normalised over the candidates only, as kube normalises over the feasible nodes.
        let taintNorm = PlacementScores.normalize(candidates.map { taintRaw[$0] }, reverse: true)
        let affinityNorm = PlacementScores.normalize(candidates.map { affinityRaw[$0] }, reverse: false)
        var taint = [Int](repeating: 0, count: n)
        var affinity = [Int](repeating: 0, count: n)
        var bonus = [Int](repeating: 0, count: n)
        var total = [Int](repeating: 0, count: n)
        var image = [Int](repeating: 0, count: n)
        let containerImages = requirement.images.map(\.reference)
        for (k, i) in candidates.enumerated() {
            taint[i] = taintNorm[k]
            affinity[i] = affinityNorm[k]
            bonus[i] = policy.layerStep * PlacementPolicy.layerRank(snapshot.nodes[i].layer)
            if !snapshot.imageNodeCounts.isEmpty { image[i] = ImageLocalityScore.score(containerImages, node: i, in: snapshot) }
            total[i] = policy.taintWeight * taint[i] + policy.affinityWeight * affinity[i] + bonus[i] + policy.imageLocalityWeight * image[i]
        }
        taintScores = taint
        affinityScores = affinity
        layerBonus = bonus
        imageScores = image
        staticScore = total
        cpuColumn = snapshot.columns.column(ResourceColumns.cpu) ?? 1
        memoryColumn = snapshot.columns.column(ResourceColumns.memory) ?? 2
    }

    /// The resource-dependent part of node `i`'s score, unweighted: LeastAllocated or
    /// MostAllocated over the scoring cpu and memory (kube's non-zero requests, bound pods
    /// included), BalancedAllocation over the requested cpu and memory (as kube-scheduler
    /// 1.30: `useRequested`), and KeepAcceleratorsFree.
    @inline(__always)
    func resourceScores(_ i: Int, _ snapshot: PlacementSnapshot) -> (resources: Int, balanced: Int, accelerators: Int) {
        let base = i * snapshot.columns.count
        let cpuAlloc = snapshot.allocatable[base + cpuColumn]
        let memAlloc = snapshot.allocatable[base + memoryColumn]
        var cpuReq = snapshot.scoreCPU[i] + demand.scoreCPU
        var memReq = snapshot.scoreMemory[i] + demand.scoreMemory
        if policy == .usage {
            // Measured usage where it exceeds requests; requests are the floor.
            cpuReq += snapshot.cpuAboveRequests[i]
            memReq += snapshot.memoryAboveRequests[i]
        }
        let resources: Int
        if policy == .pack {
            resources = (PlacementScores.most(requested: cpuReq, allocatable: cpuAlloc)
                + PlacementScores.most(requested: memReq, allocatable: memAlloc)) / 2
        } else {
            resources = (PlacementScores.least(requested: cpuReq, allocatable: cpuAlloc)
                + PlacementScores.least(requested: memReq, allocatable: memAlloc)) / 2
        }
        let balanced = PlacementScores.balanced(
            cpu: snapshot.requested[base + cpuColumn] + demand.cpu, cpuAlloc: cpuAlloc,
            memory: snapshot.requested[base + memoryColumn] + demand.memory, memoryAlloc: memAlloc)
        var accelerators = 100
        if !demand.wantsAccelerator && !snapshot.acceleratorColumns.isEmpty {
            let (alloc, used) = snapshot.accelerators(i)
            accelerators = PlacementScores.keepAcceleratorsFree(allocatable: alloc, requested: used)
        }
        return (resources, balanced, accelerators)
    }

    /// Node `i`'s weighted total score for one more pod (it must be a candidate), with
    /// `siblings` pods of the same workload already on it.
    @inline(__always)
    public func total(_ i: Int, _ snapshot: PlacementSnapshot, siblings: Int = 0) -> Int {
        let (r, b, a) = resourceScores(i, snapshot)
        return staticScore[i] + (policy.leastWeight + policy.mostWeight) * r + policy.balancedWeight * b
            + policy.acceleratorWeight * a + policy.spreadWeight * PlacementPolicy.spreadScore(siblings: siblings)
    }

    /// Node `i`'s score, plugin by plugin.
    public func score(_ i: Int, _ snapshot: PlacementSnapshot, siblings: Int = 0) -> NodeScore {
        let (r, b, a) = resourceScores(i, snapshot)
        var score = NodeScore(
            taintToleration: taintScores[i], nodeAffinity: affinityScores[i], spread: PlacementPolicy.spreadScore(siblings: siblings),
            resources: r, balanced: b, layerBonus: layerBonus[i], imageLocality: imageScores[i], accelerators: a,
            total: total(i, snapshot, siblings: siblings))
        if policy == .usage && snapshot.hasUsage {
            let base = i * snapshot.columns.count
            score.usageAboveRequests = PlacementScores.most(
                requested: snapshot.cpuAboveRequests[i], allocatable: snapshot.allocatable[base + cpuColumn])
                + PlacementScores.most(requested: snapshot.memoryAboveRequests[i], allocatable: snapshot.allocatable[base + memoryColumn])
            score.usageAboveRequests = (score.usageAboveRequests ?? 0) / 2
        }
        return score
    }

    /// Whether one more pod fits node `i` (fixed-fact filters and resources).
    @inline(__always)
    public func feasible(_ i: Int, _ snapshot: PlacementSnapshot) -> Bool {
        staticReasons[i] == nil && volumeReasons[i] == nil && PlacementFilters.fits(demand, node: i, in: snapshot)
    }

    /// The best node for one more pod: the highest total, a tie going to one of the tied
    /// nodes as kube-scheduler picks it (`TopScoreSampler`, seeded by `tieSeed` and the
    /// snapshot's bind count, so each decision draws afresh); nil when none fits.
    public func best(_ snapshot: PlacementSnapshot) -> Int? {
        var sampler = TopScoreSampler(seed: PlacementSeed.mix(tieSeed, UInt64(snapshot.changes)))
        for i in candidates where PlacementFilters.fits(demand, node: i, in: snapshot) {
            sampler.offer(i, score: total(i, snapshot))
        }
        return sampler.choice
    }

    /// As `best(_:)`, with `siblings(i)` pods of the same workload already on node `i`.
    public func best(_ snapshot: PlacementSnapshot, siblings: (Int) -> Int) -> Int? {
        var sampler = TopScoreSampler(seed: PlacementSeed.mix(tieSeed, UInt64(snapshot.changes)))
        for i in candidates where PlacementFilters.fits(demand, node: i, in: snapshot) {
            sampler.offer(i, score: total(i, snapshot, siblings: siblings(i)))
        }
        return sampler.choice
    }

    /// Why node `i` cannot take one more pod (empty when it can).
    public func reasons(_ i: Int, _ snapshot: PlacementSnapshot) -> [String] {
        if let r = staticReasons[i] { return [r] }
        let resources = PlacementFilters.resourceReasons(demand, node: i, in: snapshot)
        if resources.isEmpty, let v = volumeReasons[i] { return [v] }
        return resources
    }
}
