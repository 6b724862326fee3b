import MarvelCore

/// The kube-scheduler filters as the embedded cluster asks for them: one
/// node at a time, answered by MarvelCore's placer (`PlacementFilters`).
public enum SchedulingFilters {
    /// Reasons `node` cannot take `pod`, worded as kube-scheduler words them; empty when it can.
    public static func reasons(_ pod: SchedulingPod, on node: SchedulingNode) -> [String] {
        let snapshot = SchedulingNode.snapshot([node])
        let component = CompiledComponent(ComponentRequirement(name: "pod", pod: pod.requirements), policy: .spread, snapshot: snapshot)
        return component.reasons(0, snapshot)
    }
}
