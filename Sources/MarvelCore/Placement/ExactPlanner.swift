/// Branch and bound over the pods in canonical order. Nodes are tried
/// cheapest first; a branch is cut when its cost so far plus a lower bound
/// for the remaining pods cannot beat the best plan found. Replicas of one
/// component are identical (unless their own bound claims hold them) and a
/// node's score depends only on its own load, so their nodes are taken in
/// non-decreasing index order (no plan is lost).
/// The search is exhaustive unless `budget` expansions run out; the result
/// says whether it was proved optimal.
public struct ExactPlanner: Sendable {
    public var budget: Int

    public init(budget: Int = 200_000) { self.budget = budget }

    /// The cheapest plan, or nil when no plan exists (or none was found within the budget).
    public func solve(_ problem: PlanProblem) -> PlacementPlan? {
        let count = problem.pods.count
        var state = problem.start()
        let lower = lowerBounds(problem)
        var suffix = [Int](repeating: 0, count: count + 1)
        for p in stride(from: count - 1, through: 0, by: -1) { suffix[p] = suffix[p + 1] + lower[p] }
        var best: (cost: Int, nodes: [Int])?
        var steps = 0
        var exhausted = false

        func search(_ p: Int, _ soFar: Int) {
            if p == count {
                if best.map({ soFar < $0.cost }) ?? true { best = (soFar, state.nodeOf) }
                return
            }
            steps += 1
            if steps > budget {
                exhausted = true
                return
            }
            let sameAsPrevious = p > 0 && problem.interchangeable(p - 1, p)
            let floor = sameAsPrevious ? state.nodeOf[p - 1] : 0
            for (n, cost) in problem.candidates(for: p, in: state) where n >= floor {
                if let b = best, soFar + cost + suffix[p + 1] >= b.cost { continue }
                problem.place(p, node: n, in: &state)
                search(p + 1, soFar + cost)
                problem.remove(p, in: &state)
                if exhausted { return }
            }
        }
        search(0, 0)
        guard let best else { return nil }
        return problem.plan(best.nodes, method: .exact, optimal: !exhausted, cost: best.cost, steps: steps)
    }

    /// Per pod, a cost no placement of it can go below whatever is placed before:
    /// the fixed scores are exact, LeastAllocated can only fall as load grows (so its
    /// value on the empty plan bounds it), MostAllocated, BalancedAllocation, KeepAcceleratorsFree
    /// and spread are bounded by 100.
    func lowerBounds(_ problem: PlanProblem) -> [Int] {
        let policy = problem.policy
        var perComponent: [Int] = []
        for c in problem.components {
            var bound = Int.max
            for n in c.candidates {
                let dynamic: Int
                if policy == .pack {
                    dynamic = policy.mostWeight * 100
                } else {
                    dynamic = policy.leastWeight * c.resourceScores(n, problem.base).resources
                }
                let best = c.staticScore[n] + dynamic + policy.balancedWeight * 100 + policy.spreadWeight * 100
                    + policy.acceleratorWeight * 100
                bound = min(bound, policy.maxScore - best)
            }
            perComponent.append(bound == Int.max ? 0 : max(0, bound))
        }
        return problem.pods.map { perComponent[$0] }
    }
}
