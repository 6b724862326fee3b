import MarvelCore

/// Where a pod goes: a node, or nowhere with the scheduler's explanation.
public enum SchedulingDecision: Sendable, Equatable {
    case bind(node: String)
    /// `message` reads like kube-scheduler's FailedScheduling event.
    case unschedulable(message: String)
}

/// Filters nodes with `SchedulingFilters`, then picks the feasible node with
/// the best LeastAllocated score (mean free fraction of cpu and memory after
/// placing the pod), ties broken by name.
public struct Scheduler: Sendable {
    public init() {}

    public func decide(_ pod: SchedulingPod, nodes: [SchedulingNode]) -> SchedulingDecision {
        var histogram: [String: Int] = [:]
        var best: (score: Double, name: String)?
        for node in nodes {
            let reasons = SchedulingFilters.reasons(pod, on: node)
            if !reasons.isEmpty {
                for r in reasons { histogram[r, default: 0] += 1 }
                continue
            }
            let s = Self.leastAllocated(pod, node)
            if let b = best, b.score > s || (b.score == s && b.name < node.name) { continue }
            best = (s, node.name)
        }
        if let best { return .bind(node: best.name) }
        return .unschedulable(message: Self.message(nodeCount: nodes.count, histogram: histogram))
    }

    /// `0/11 nodes are available: 1 Insufficient cpu, 2 node(s) had …` — the
    /// "count reason" strings sorted as kube-scheduler sorts them.
    public static func message(nodeCount: Int, histogram: [String: Int]) -> String {
        let parts = histogram.map { "\($0.value) \($0.key)" }.sorted()
        let list = parts.isEmpty ? "" : " " + parts.joined(separator: ", ")
        return "0/\(nodeCount) nodes are available:\(list)."
    }

    /// LeastAllocated: mean over cpu and memory of (allocatable - requested) * 100 / allocatable.
    public static func leastAllocated(_ pod: SchedulingPod, _ node: SchedulingNode) -> Double {
        var total = 0.0
        for resource in ["cpu", "memory"] {
            let alloc = (node.allocatable[resource] ?? .zero).nanosAsDouble
            guard alloc > 0 else { continue }
            let req = ((node.requested[resource] ?? .zero) + (pod.requests[resource] ?? .zero)).nanosAsDouble
            total += max(0, alloc - req) * 100 / alloc
        }
        return total / 2
    }
}
