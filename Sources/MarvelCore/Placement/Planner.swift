/// Places a whole plan: the exact search when the plan is small (proved
/// optimal unless its budget runs out, then the better of its best and the
/// heuristic's), the heuristic otherwise. Throws `PlacementError.noNode`
/// naming the first component that cannot be placed, with the reasons.
public struct Planner: Sendable {
    public var policy: PlacementPolicy
    /// Plans with at most this many pods get the exact search.
    public var exactPodLimit: Int
    public var exactBudget: Int

    public init(policy: PlacementPolicy = .spread, exactPodLimit: Int = 12, exactBudget: Int = 200_000) {
        self.policy = policy
        self.exactPodLimit = exactPodLimit
        self.exactBudget = exactBudget
    }

    public func plan(_ components: [PlanComponent], snapshot: PlacementSnapshot) throws(PlacementError) -> PlacementPlan {
        let problem = try PlanProblem(components, policy: policy, snapshot: snapshot)
        var found: PlacementPlan?
        if problem.pods.count <= exactPodLimit {
            found = ExactPlanner(budget: exactBudget).solve(problem)
            if let exact = found, !exact.optimal, let quick = HeuristicPlanner().solve(problem), quick.cost < exact.cost {
                found = quick
            }
        } else {
            found = HeuristicPlanner().solve(problem)
        }
        if let found { return found }
        throw diagnose(problem)
    }

    /// Greedy placement (each pod its cheapest allowed node, canonical order) when
    /// the searches found nothing within their budgets; else the first pod it cannot seat, explained.
    func diagnose(_ problem: PlanProblem) -> PlacementError {
        var state = problem.start()
        for p in problem.pods.indices {
            guard let best = problem.candidates(for: p, in: state).first else { return problem.failure(p, in: state) }
            problem.place(p, node: best.node, in: &state)
        }
        return .noNode(
            component: problem.groups.joined(separator: ", "),
            summary: "no plan satisfies every rule within the search budget (\(exactBudget) steps); relax a rule or add nodes",
            nearestMiss: nil)
    }
}
