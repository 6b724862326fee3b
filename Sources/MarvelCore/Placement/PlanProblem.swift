/// A plan prepared against a snapshot: compiled components, the pods in
/// canonical order (instances a rule refers to come first, then input order,
/// replicas together) and the rules as group indices. `PlanState` is a
/// partial assignment; both planners share `candidates(for:in:)` and costs,
/// so they optimise exactly the same objective.
public struct PlanProblem: Sendable {
    public let components: [CompiledComponent]
    /// Group index of each component.
    let componentGroup: [Int]
    public let groups: [String]
    /// Per component: groups it must share a node with / a site with / must avoid.
    let colocate: [[Int]]
    let sameSite: [[Int]]
    let avoid: [[Int]]
    /// Component index of each pod, canonical order.
    public let pods: [Int]
    /// Replica number of each pod within its component.
    let replica: [Int]
    public let base: PlacementSnapshot
    public let policy: PlacementPolicy

    public init(_ plan: [PlanComponent], policy: PlacementPolicy, snapshot: PlacementSnapshot) throws(PlacementError) {
        var groups: [String] = []
        for c in plan where !groups.contains(c.group) { groups.append(c.group) }
        func index(_ name: String, from component: String) throws(PlacementError) -> Int {
            guard let i = groups.firstIndex(of: name) else {
                throw PlacementError.pipeline(file: "plan", mark: nil, problem: "\(component) refers to \(name), which is not part of the plan")
            }
            return i
        }
        // Order groups so that the ones a rule depends on come first.
        var deps: [Int: Set<Int>] = [:]
        for c in plan {
            let g = groups.firstIndex(of: c.group) ?? 0
            for name in c.colocateWith + c.sameSiteAs {
                let d = try index(name, from: c.group)
                if d != g { deps[g, default: []].insert(d) }
            }
        }
        var order: [Int] = []
        var state = [Int](repeating: 0, count: groups.count)  // 0 new, 1 visiting, 2 done
        func visit(_ g: Int) throws(PlacementError) {
            if state[g] == 2 { return }
            if state[g] == 1 {
                throw PlacementError.pipeline(
                    file: "plan", mark: nil, problem: "colocate-with/same-site-as rules form a cycle through \(groups[g]); break the cycle")
            }
            state[g] = 1
            for d in (deps[g] ?? []).sorted() { try visit(d) }
            state[g] = 2
            order.append(g)
        }
        for g in groups.indices { try visit(g) }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let sorted = plan.enumerated().sorted {
            let a = rank[groups.firstIndex(of: $0.element.group) ?? 0] ?? 0
            let b = rank[groups.firstIndex(of: $1.element.group) ?? 0] ?? 0
            return (a, $0.offset) < (b, $1.offset)
        }.map(\.element)
        components = sorted.map {
            CompiledComponent($0.requirement, policy: policy, snapshot: snapshot, tieSeed: PlacementSeed.of($0.group + "\u{0}" + $0.requirement.name))
        }
        let componentGroup = sorted.map { c in groups.firstIndex(of: c.group) ?? 0 }
        var colocate: [[Int]] = []
        var sameSite: [[Int]] = []
        var avoid: [[Int]] = Array(repeating: [], count: sorted.count)
        for (k, c) in sorted.enumerated() {
            let own = componentGroup[k]
            var co: [Int] = []
            for name in c.colocateWith where try index(name, from: c.group) != own { co.append(try index(name, from: c.group)) }
            var site: [Int] = []
            for name in c.sameSiteAs where try index(name, from: c.group) != own { site.append(try index(name, from: c.group)) }
            colocate.append(co)
            sameSite.append(site)
            for name in c.antiAffinity {
                let other = try index(name, from: c.group)
                avoid[k].append(other)
                // Symmetric: the other instance's components avoid this one too.
                for (j, g) in componentGroup.enumerated() where g == other && !avoid[j].contains(componentGroup[k]) {
                    avoid[j].append(componentGroup[k])
                }
            }
        }
        self.componentGroup = componentGroup
        self.colocate = colocate
        self.sameSite = sameSite
        self.avoid = avoid
        self.groups = groups
        var pods: [Int] = []
        var replica: [Int] = []
        for (k, c) in sorted.enumerated() {
            for r in 0..<max(0, c.requirement.replicas) {
                pods.append(k)
                replica.append(r)
            }
        }
        self.pods = pods
        self.replica = replica
        base = snapshot
        self.policy = policy
    }

    /// A fresh partial assignment on the base snapshot.
    public func start() -> PlanState {
        PlanState(
            snapshot: base, groupCount: Array(repeating: [:], count: groups.count), componentCount: Array(repeating: [:], count: components.count),
            nodeOf: Array(repeating: -1, count: pods.count))
    }

    /// Whether pod `p` (of component `c`) may go on node `n` in `state`: filters, resources and rules.
    public func allowed(_ c: Int, node n: Int, in state: PlanState) -> Bool {
        guard components[c].feasible(n, state.snapshot) else { return false }
        for g in avoid[c] where state.groupCount[g][n, default: 0] > 0 { return false }
        for g in colocate[c] where state.groupCount[g][n, default: 0] == 0 { return false }
        if !sameSite[c].isEmpty {
            let site = base.nodes[n].site
            for g in sameSite[c] where !state.groupCount[g].keys.contains(where: { base.nodes[$0].site == site }) { return false }
        }
        return true
    }

    /// Whether pod `p` may go on node `n` in `state`: its component's rules, and the
    /// volumes its own claims are bound to (a StatefulSet ordinal's).
    public func allowsPod(_ p: Int, node n: Int, in state: PlanState) -> Bool {
        let c = pods[p]
        guard allowed(c, node: n, in: state) else { return false }
        let requirement = components[c].requirement
        if requirement.replicaVolumes.isEmpty { return true }
        let node = base.nodes[n]
        return requirement.replicaAdmits(replica[p], labels: node.labels, nodeName: node.name)
    }

    /// Whether pods `p` and `q` are interchangeable (same component, neither held by
    /// its own bound claims): the planners try only one order of such pods.
    func interchangeable(_ p: Int, _ q: Int) -> Bool {
        guard pods[p] == pods[q] else { return false }
        let volumes = components[pods[p]].requirement.replicaVolumes
        return volumes[replica[p]] == nil && volumes[replica[q]] == nil
    }

    /// The cost of putting one more pod of component `c` on node `n`: the best score minus the node's.
    @inline(__always)
    public func cost(_ c: Int, node n: Int, in state: PlanState) -> Int {
        policy.maxScore - components[c].total(n, state.snapshot, siblings: state.componentCount[c][n, default: 0])
    }

    /// The nodes pod `p` may take in `state`, cheapest first, with their cost. Nodes of
    /// equal cost come in an order drawn at random for that pod (seeded by its component
    /// and replica, see `tieKey`), so the planners choose uniformly among equal nodes, as
    /// kube-scheduler does, and the same plan every time.
    func candidates(for p: Int, in state: PlanState) -> [(node: Int, cost: Int)] {
        let c = pods[p]
        var out: [(node: Int, cost: Int, key: UInt64)] = []
        for n in components[c].candidates where allowsPod(p, node: n, in: state) {
            out.append((n, cost(c, node: n, in: state), tieKey(p, node: n)))
        }
        out.sort { ($0.cost, $0.key, $0.node) < ($1.cost, $1.key, $1.node) }
        return out.map { ($0.node, $0.cost) }
    }

    /// Pod `p`'s random rank of node `n` among nodes of equal cost.
    @inline(__always)
    func tieKey(_ p: Int, node n: Int) -> UInt64 {
        PlacementSeed.mix(PlacementSeed.mix(components[pods[p]].tieSeed, UInt64(replica[p])), UInt64(n))
    }

    /// Replays a full assignment (node per pod) in canonical order: its cost, or nil when a pod is not allowed.
    public func evaluate(_ nodeOf: [Int]) -> Int? {
        guard nodeOf.count == pods.count else { return nil }
        var state = start()
        var total = 0
        for p in pods.indices {
            let n = nodeOf[p]
            guard n >= 0, n < base.nodes.count, allowsPod(p, node: n, in: state) else { return nil }
            total += cost(pods[p], node: n, in: state)
            place(p, node: n, in: &state)
        }
        return total
    }

    func place(_ p: Int, node n: Int, in state: inout PlanState) {
        state.place(p, component: components[pods[p]], index: pods[p], group: componentGroup[pods[p]], node: n)
    }

    func remove(_ p: Int, in state: inout PlanState) {
        state.remove(p, component: components[pods[p]], index: pods[p], group: componentGroup[pods[p]])
    }

    /// The plan for a full assignment.
    func plan(_ nodeOf: [Int], method: PlacementPlan.Method, optimal: Bool, cost: Int, steps: Int) -> PlacementPlan {
        let assignments = pods.indices.map { p in
            PlanAssignment(
                component: components[pods[p]].requirement.name, group: groups[componentGroup[pods[p]]], replica: replica[p],
                node: base.nodes[nodeOf[p]].name)
        }
        return PlacementPlan(policy: policy, method: method, optimal: optimal, assignments: assignments, cost: cost, steps: steps)
    }

    /// Why pod `p` has no node in `state`: the component's evaluation, plus a note when the
    /// filters let some nodes through and the plan's rules excluded them.
    public func failure(_ p: Int, in state: PlanState) -> PlacementError {
        let c = components[pods[p]]
        let evaluation = ComponentEvaluation(c, snapshot: state.snapshot)
        if let bound = c.requirement.replicaVolumes[replica[p]],
            !evaluation.ranked.contains(where: { r in base.index(of: r.node).map { allowsPod(p, node: $0, in: state) } ?? false })
        {
            let claims = bound.map { "\($0.claim) (volume \($0.volume))" }.joined(separator: ", ")
            return .noNode(
                component: c.requirement.name,
                summary: "replica \(replica[p]) must stay where its bound claims are, \(claims), and no such node can take it: "
                    + "\(evaluation.ranked.isEmpty ? evaluation.summary : VolumeNodeAffinity.conflict + " on every node that fits"). "
                    + "Free or uncordon that node, or delete the instance with --purge to start over.",
                nearestMiss: nil)
        }
        var summary = evaluation.summary
        if !evaluation.ranked.isEmpty {
            summary = "0/\(base.nodes.count) nodes satisfy the plan's colocate-with/same-site-as/anti-affinity rules "
                + "(\(evaluation.ranked.count) would fit without them: \(evaluation.ranked.map(\.node).joined(separator: ", ")))."
        }
        if evaluation.ranked.isEmpty, let hint = evaluation.dedicationHint { summary += " \(hint)." }
        return .noNode(component: c.requirement.name, summary: summary, nearestMiss: evaluation.ranked.isEmpty ? evaluation.nearestMiss : nil)
    }
}

/// A partial assignment: the snapshot with the placed pods bound, and per group how many of its pods each node holds.
public struct PlanState: Sendable {
    public var snapshot: PlacementSnapshot
    var groupCount: [[Int: Int]]
    /// Per component: its pods on each node.
    var componentCount: [[Int: Int]]
    var nodeOf: [Int]

    mutating func place(_ p: Int, component: CompiledComponent, index c: Int, group: Int, node n: Int) {
        snapshot.bind(component.demand, to: n)
        groupCount[group][n, default: 0] += 1
        componentCount[c][n, default: 0] += 1
        nodeOf[p] = n
    }

    mutating func remove(_ p: Int, component: CompiledComponent, index c: Int, group: Int) {
        let n = nodeOf[p]
        guard n >= 0 else { return }
        snapshot.unbind(component.demand, from: n)
        let left = groupCount[group][n, default: 0] - 1
        groupCount[group][n] = left > 0 ? left : nil
        let own = componentCount[c][n, default: 0] - 1
        componentCount[c][n] = own > 0 ? own : nil
        nodeOf[p] = -1
    }
}
