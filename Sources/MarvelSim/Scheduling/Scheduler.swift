import MarvelCore

/// Where a pod goes: a node, or nowhere with the scheduler's explanation.
public enum SchedulingDecision: Sendable, Equatable {
    case bind(node: String)
    /// `message` reads like kube-scheduler's FailedScheduling event.
    case unschedulable(message: String)
}

/// The embedded cluster's scheduler: an adapter over MarvelCore's placer with
/// the default policy (`spread`: kube-scheduler's filters, then LeastAllocated
/// + BalancedAllocation + TaintToleration + NodeAffinity + KeepAcceleratorsFree
/// scores, and replicas of one controller spread over nodes); among equally
/// good nodes one is drawn as kube-scheduler draws it, seeded by the pod's
/// namespace/name so a run is reproducible.
public struct Scheduler: Sendable {
    public var policy: PlacementPolicy

    public init(policy: PlacementPolicy = .spread) { self.policy = policy }

    public func decide(_ pod: SchedulingPod, nodes: [SchedulingNode]) -> SchedulingDecision {
        let snapshot = SchedulingNode.snapshot(nodes)
        let component = CompiledComponent(
            ComponentRequirement(name: "pod", pod: pod.requirements), policy: policy, snapshot: snapshot, tieSeed: PlacementSeed.of(pod.id))
        let siblings = pod.owner.isEmpty ? [:] : Dictionary(nodes.map { ($0.name, $0.owners[pod.owner] ?? 0) }, uniquingKeysWith: { a, _ in a })
        if let best = component.best(snapshot, siblings: { siblings[snapshot.nodes[$0].name] ?? 0 }) {
            return .bind(node: snapshot.nodes[best].name)
        }
        return .unschedulable(message: ComponentEvaluation(component, snapshot: snapshot).summary)
    }

    /// `0/11 nodes are available: 1 Insufficient cpu, 2 node(s) had …` — the
    /// "count reason" strings sorted as kube-scheduler sorts them.
    public static func message(nodeCount: Int, histogram: [String: Int]) -> String {
        ComponentEvaluation.summary(available: 0, total: nodeCount, histogram: histogram)
    }
}
