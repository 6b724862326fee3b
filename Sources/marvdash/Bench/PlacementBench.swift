import Foundation
import MarvelCore

/// `marvdash bench` rows for placement: decisions per second at 5,000 nodes
/// on one core (DESIGN.md budget ≥ 10,000/s; kube-scheduler's scheduler_perf
/// thresholds are 680–810 pods/s at 5,000 nodes), and the heuristic planner's
/// quality against the exact search on random small plans.
enum PlacementBench {
    static func rows(nodes: Int = 5_000, pods: Int = 50_000) -> [BenchRow] {
        var rows: [BenchRow] = []
        if let rate = try? decisionsPerSecond(nodes: nodes, pods: pods) {
            rows.append(
                BenchRow(
                    name: "placement decisions/s, \(nodes) nodes, 1 core (kube-scheduler: 680-810 pods/s)", measured: rate, budget: 10_000,
                    unit: "/s", higherIsBetter: true))
        }
        if let scan = try? decisionsPerSecond(nodes: nodes, pods: pods, queue: false) {
            rows.append(
                BenchRow(
                    name: "placement decisions/s, full scan of every node (vs kube-scheduler 810/s)", measured: scan, budget: 810, unit: "/s",
                    higherIsBetter: true))
        }
        let quality = planQuality(solvable: 200)
        rows.append(
            BenchRow(
                name: "plan heuristic within 5% of exact optimum (\(quality.solved) random plans)", measured: quality.withinShare, budget: 95,
                unit: "%", higherIsBetter: true))
        rows.append(BenchRow(name: "plan heuristic infeasible plans (of \(quality.instances))", measured: Double(quality.infeasible), budget: 0, unit: "plans"))
        do {
            let ms = try headroomMilliseconds(nodes: nodes, pods: pods)
            rows.append(
                BenchRow(name: "Nodes pane headroom count (h, background), \(nodes) nodes, within a poll", measured: ms, budget: 2000, unit: "ms"))
        } catch {
            FileHandle.standardError.write(Data("marvdash bench: headroom not measured: \(error)\n".utf8))
        }
        return rows
    }

    /// Pods of a few workload shapes (100 replicas each, as scheduler_perf schedules
    /// identical pods), each decided and bound in turn through a `DecisionQueue`
    /// (the same choices as a full scan); preparing each workload against the
    /// snapshot (every filter on every node) is part of the time.
    /// `queue: false` decides each pod by a full scan (`CompiledComponent.best`) instead.
    static func decisionsPerSecond(nodes nodeCount: Int, pods: Int, queue useQueue: Bool = true) throws -> Double {
        let cluster = try SyntheticCluster.snapshot(nodes: nodeCount, pods: pods)
        var snapshot = PlacementSnapshot(cluster: cluster)
        let shapes: [(requests: [String: Quantity], rules: TemplatePlacement)] = [
            (["cpu": Quantity(milli: 100), "memory": Quantity(value: 128 << 20)], TemplatePlacement()),
            (["cpu": Quantity(milli: 500), "memory": Quantity(value: 1 << 30)], TemplatePlacement(layer: .fog, prefer: [.fog])),
            (["cpu": Quantity(milli: 250), "memory": Quantity(value: 512 << 20)], TemplatePlacement(prefer: [.edge, .fog], arch: "arm64")),
            (["cpu": Quantity(value: 1), "memory": Quantity(value: 2 << 30), "nvidia.com/gpu": Quantity(value: 1)], TemplatePlacement(layer: .cloud)),
            (["cpu": Quantity(milli: 200), "memory": Quantity(value: 256 << 20)], TemplatePlacement(layer: .edge, site: "GRN")),
        ]
        let replicas = 100
        let rounds = 8
        var decided = 0
        let start = Stopwatch.now()
        for round in 0..<rounds {
            for (k, shape) in shapes.enumerated() {
                let requirement = ComponentRequirement(
                    name: "bench-\(round)-\(k)", replicas: replicas, pod: PodRequirements(requests: shape.requests), rules: shape.rules)
                let compiled = CompiledComponent(requirement, policy: round % 2 == 0 ? .spread : .pack, snapshot: snapshot)
                var queue = DecisionQueue(compiled)
                for _ in 0..<replicas {
                    if useQueue {
                        guard queue.placeNext(in: &snapshot) != nil else { break }
                    } else {
                        guard let best = compiled.best(snapshot) else { break }
                        snapshot.bind(compiled.demand, to: best)
                    }
                    decided += 1
                }
            }
        }
        let seconds = Double(Stopwatch.now() - start) / 1e9
        return seconds > 0 ? Double(decided) / seconds : 0
    }

    /// The median time of `TemplateHeadroom.compute` (what the Nodes pane's `h` counts on a
    /// background queue for each new snapshot: it should finish before the next 2 s poll)
    /// for a 3-replica StatefulSet template on the synthetic cluster.
    static func headroomMilliseconds(nodes: Int, pods: Int) throws -> Double {
        let cluster = try SyntheticCluster.snapshot(nodes: nodes, pods: pods)
        let template = try Template.parse(
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: ${NAME}
            spec:
              replicas: ${SERVERS}
              selector:
                matchLabels:
                  app: ${NAME}
              template:
                metadata:
                  labels:
                    app: ${NAME}
                spec:
                  containers:
                  - name: broker
                    image: bench/broker
                    resources:
                      requests:
                        cpu: 500m
                        memory: 1Gi
            ---
            kind: Template
            name: bench-broker
            variables:
            - name: NAME
              default: broker
            - name: SERVERS
              default: 3
            """, file: "bench-broker.template.yaml")
        return try Stopwatch.median(runs: 5) { _ = try TemplateHeadroom.compute(template: template, cluster: cluster, cap: 99) }
    }

    struct Quality {
        var instances: Int
        var solved: Int
        var withinShare: Double
        var infeasible: Int
    }

    /// Random small plans until `solvable` have a plan: the heuristic's cost against the exact optimum.
    static func planQuality(solvable: Int) -> Quality {
        var solved = 0
        var within = 0
        var infeasible = 0
        var instances = 0
        for seed in 0..<(solvable * 10) where solved < solvable {
            instances += 1
            let (snapshot, plan) = RandomPlanInstances.make(seed: 0xBE9C_0000 &+ UInt64(seed), maxNodes: 5, maxComponents: 4)
            guard let problem = try? PlanProblem(plan, policy: PlacementPolicy.allCases[seed % 4], snapshot: snapshot) else { continue }
            let exact = ExactPlanner().solve(problem)
            let quick = HeuristicPlanner().solve(problem)
            if let quick, problem.evaluate(quick.assignments.map { snapshot.index(of: $0.node) ?? -1 }) != quick.cost { infeasible += 1 }
            guard let exact else { continue }
            solved += 1
            if let quick, Double(quick.cost) <= Double(exact.cost) * 1.05 { within += 1 }
        }
        return Quality(instances: instances, solved: solved, withinShare: solved > 0 ? 100 * Double(within) / Double(solved) : 0, infeasible: infeasible)
    }
}
