/// A fast planner for large plans: regret insertion. At each step every pod
/// whose rules can be checked (the instances it refers to are placed) is
/// costed on every node it may take; the pod that would lose the most by
/// not getting its best node (second-best minus best cost, infinite when it
/// has one node left) is placed there. Ties go to canonical order, then to
/// each pod's seeded random order of equal nodes (`PlanProblem.candidates`),
/// so the result is deterministic. Plain greedy placement in canonical
/// order is tried too, and greedy restarts with one pod pinned to each of its
/// nodes; the cheapest start is improved by moving one pod or swapping two
/// while that lowers the cost (within `improvementBudget` replays).
/// When it gets stuck it falls back to a bounded depth-first search; it never
/// returns a plan that breaks a rule (every plan is replayed and checked).
public struct HeuristicPlanner: Sendable {
    /// Expansions allowed to the fallback search.
    public var fallbackBudget: Int
    /// Full-plan replays allowed to the improvement step.
    public var improvementBudget: Int
    /// Greedy restarts with one pod pinned (fewer on large plans).
    public var anchorRuns: Int

    public init(fallbackBudget: Int = 20_000, improvementBudget: Int = 20_000, anchorRuns: Int = 256) {
        self.fallbackBudget = fallbackBudget
        self.improvementBudget = improvementBudget
        self.anchorRuns = anchorRuns
    }

    public func solve(_ problem: PlanProblem) -> PlacementPlan? {
        var starts: [(nodes: [Int], cost: Int, steps: Int)] = []
        if let r = regret(problem) { starts.append(r) }
        if let g = greedy(problem) { starts.append(g) }
        starts += anchored(problem)
        guard var best = starts.min(by: { $0.cost < $1.cost }) else { return fallback(problem, 0) }
        best = improve(problem, best)
        return problem.plan(best.nodes, method: .heuristic, optimal: false, cost: best.cost, steps: best.steps)
    }

    /// Each pod, in canonical order, on its cheapest allowed node; `forced` pins one pod to one node.
    func greedy(_ problem: PlanProblem, forced: (pod: Int, node: Int)? = nil) -> (nodes: [Int], cost: Int, steps: Int)? {
        var state = problem.start()
        var cost = 0
        for p in problem.pods.indices {
            let choice: (node: Int, cost: Int)
            if let forced, forced.pod == p {
                guard problem.allowsPod(p, node: forced.node, in: state) else { return nil }
                choice = (forced.node, problem.cost(problem.pods[p], node: forced.node, in: state))
            } else {
                guard let best = problem.candidates(for: p, in: state).first else { return nil }
                choice = best
            }
            cost += choice.cost
            problem.place(p, node: choice.node, in: &state)
        }
        return (state.nodeOf, cost, problem.pods.count)
    }

    /// Greedy restarts with one pod pinned to each of its nodes in turn: this moves
    /// the instances others depend on (co-location, same site) together with them,
    /// which single-pod moves cannot. At most `anchorRuns` restarts, earliest pods first.
    func anchored(_ problem: PlanProblem) -> [(nodes: [Int], cost: Int, steps: Int)] {
        let runs = min(anchorRuns, 400_000 / max(1, problem.pods.count * problem.base.nodes.count))
        var out: [(nodes: [Int], cost: Int, steps: Int)] = []
        var done = 0
        for p in problem.pods.indices {
            for n in problem.components[problem.pods[p]].candidates {
                if done >= runs { return out }
                done += 1
                if let r = greedy(problem, forced: (p, n)) { out.append(r) }
            }
        }
        return out
    }

    /// Moves one pod to another node, or swaps the nodes of two pods, while
    /// that lowers the replayed cost (first improvement, canonical order).
    func improve(_ problem: PlanProblem, _ start: (nodes: [Int], cost: Int, steps: Int)) -> (nodes: [Int], cost: Int, steps: Int) {
        var current = start
        var replays = 0
        // A replay costs one step per pod: keep the whole step within about two million pod checks.
        let budget = min(improvementBudget, 2_000_000 / max(1, problem.pods.count))
        func attempt(_ trial: [Int]) -> Bool {
            replays += 1
            guard let cost = problem.evaluate(trial), cost < current.cost else { return false }
            current = (trial, cost, current.steps + 1)
            return true
        }
        var improved = true
        while improved && replays < budget {
            improved = false
            for p in problem.pods.indices {
                for n in problem.components[problem.pods[p]].candidates where n != current.nodes[p] {
                    if replays >= budget { return current }
                    var trial = current.nodes
                    trial[p] = n
                    if attempt(trial) { improved = true }
                }
            }
            if improved { continue }
            for p in problem.pods.indices {
                for q in (p + 1)..<problem.pods.count where current.nodes[p] != current.nodes[q] && problem.pods[p] != problem.pods[q] {
                    if replays >= budget { return current }
                    var trial = current.nodes
                    trial.swapAt(p, q)
                    if attempt(trial) { improved = true }
                }
            }
        }
        return current
    }

    /// Regret insertion (see the type's comment).
    func regret(_ problem: PlanProblem) -> (nodes: [Int], cost: Int, steps: Int)? {
        var state = problem.start()
        var open = Array(problem.pods.indices)
        var steps = 0
        while !open.isEmpty {
            var choice: (pod: Int, slot: Int, node: Int, regret: Int)?
            let placedGroups = Set(state.groupCount.indices.filter { !state.groupCount[$0].isEmpty })
            // Only the first open replica of a component competes: replicas are identical
            // (a replica its bound claims hold competes on its own).
            var seen = Set<Int>()
            for (slot, p) in open.enumerated() {
                let c = problem.pods[p]
                let free = problem.components[c].requirement.replicaVolumes[problem.replica[p]] == nil
                guard !free || seen.insert(c).inserted else { continue }
                guard ready(c, problem, placedGroups, open: open) else { continue }
                let options = problem.candidates(for: p, in: state)
                steps += 1
                guard let first = options.first else { return fallbackNodes(problem) }
                let regret = options.count > 1 ? options[1].cost - first.cost : Int.max
                if choice.map({ regret > $0.regret }) ?? true { choice = (p, slot, first.node, regret) }
            }
            guard let choice else { return fallbackNodes(problem) }
            problem.place(choice.pod, node: choice.node, in: &state)
            open.remove(at: choice.slot)
        }
        guard let cost = problem.evaluate(state.nodeOf) else { return fallbackNodes(problem) }
        return (state.nodeOf, cost, steps)
    }

    /// The bounded search's plan as a start, nil when it finds none.
    private func fallbackNodes(_ problem: PlanProblem) -> (nodes: [Int], cost: Int, steps: Int)? {
        guard let plan = ExactPlanner(budget: fallbackBudget).solve(problem) else { return nil }
        let nodes = plan.assignments.map { problem.base.index(of: $0.node) ?? -1 }
        return (nodes, plan.cost, plan.steps)
    }

    /// A component's rules can be checked once every pod of the groups it refers to is placed.
    private func ready(_ c: Int, _ problem: PlanProblem, _ placed: Set<Int>, open: [Int]) -> Bool {
        let needs = problem.colocate[c] + problem.sameSite[c]
        if needs.isEmpty { return true }
        for p in open where needs.contains(problem.componentGroup[problem.pods[p]]) { return false }
        return true
    }

    private func fallback(_ problem: PlanProblem, _ steps: Int) -> PlacementPlan? {
        guard var plan = ExactPlanner(budget: fallbackBudget).solve(problem) else { return nil }
        plan.method = .heuristic
        plan.optimal = false
        plan.steps += steps
        return plan
    }
}
