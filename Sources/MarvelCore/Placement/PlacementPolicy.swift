/// How the placer ranks the nodes that can take a pod. Every policy keeps
/// kube-scheduler's TaintToleration (weight 3), NodeAffinity (weight 2,
/// including the template's preferred layers) and a replica-spread score in
/// the place of PodTopologySpread's default hostname constraint (weight 2:
/// 100 / (1 + pods of the same workload on the node)) and marvdash's
/// KeepAcceleratorsFree (weight 1: a pod asking for no GPU scores lower on a
/// node whose GPUs are free); they differ in the resource scores:
/// - `spread`: LeastAllocated 1 + BalancedAllocation 1 (kube-scheduler's default);
/// - `pack`: MostAllocated 1 + BalancedAllocation 1;
/// - `balanced`: LeastAllocated 1 + BalancedAllocation 3;
/// - `edgeFirst`: the nearest layer that fits (edge, then fog, then cloud) wins
///   outright, then as `spread`;
/// - `usage`: as `spread`, but LeastAllocated counts what each node really uses
///   (metrics.k8s.io) where that is more than its pods request (requests are the
///   floor): the seed's placement on "actual resource consumption". Without
///   usage it is `spread`.
public enum PlacementPolicy: String, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    case spread, pack, balanced
    case edgeFirst = "edge-first"
    case usage

    public var description: String { rawValue }

    /// Parses a name ("spread", "pack", "edge-first", "balanced"); the error lists them.
    public init(parsing text: String) throws(PlacementError) {
        guard let p = PlacementPolicy(rawValue: text.lowercased()) else {
            throw PlacementError.unknownPolicy(text)
        }
        self = p
    }

    /// Plugin weights.
    public var taintWeight: Int { 3 }
    public var affinityWeight: Int { 2 }
    public var spreadWeight: Int { 2 }
    public var leastWeight: Int { self == .pack ? 0 : 1 }
    public var mostWeight: Int { self == .pack ? 1 : 0 }
    public var balancedWeight: Int { self == .balanced ? 3 : 1 }
    /// kube-scheduler's ImageLocality weight.
    public var imageLocalityWeight: Int { 1 }
    /// KeepAcceleratorsFree's weight.
    public var acceleratorWeight: Int { 1 }
    /// Added per layer step under edge-first (more than every other score together).
    public var layerStep: Int { self == .edgeFirst ? 1000 : 0 }

    /// The best total a node can score.
    public var maxScore: Int {
        100 * (taintWeight + affinityWeight + spreadWeight + leastWeight + mostWeight + balancedWeight + imageLocalityWeight
            + acceleratorWeight)
            + 3 * layerStep
    }

    /// The replica-spread score with `siblings` pods of the same workload already on the node.
    @inline(__always)
    public static func spreadScore(siblings: Int) -> Int { 100 / (1 + max(0, siblings)) }

    /// Edge-first's rank of a layer: edge 3, fog 2, cloud 1, unassigned 0.
    static func layerRank(_ layer: Layer) -> Int {
        switch layer {
        case .edge: return 3
        case .fog: return 2
        case .cloud: return 1
        case .unassigned: return 0
        }
    }
}
