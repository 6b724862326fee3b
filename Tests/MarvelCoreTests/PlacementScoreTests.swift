import MarvelCore
import Testing

/// The score plugins against hand-computed values from kube-scheduler's
/// formulas, the policies' choices, and the explanations.
@Suite struct PlacementScoreTests {
    @Test func resourceFormulas() {
        // LeastAllocated: (4000 - 2000) * 100 / 4000 = 50; over allocatable or no allocatable → 0.
        #expect(PlacementScores.least(requested: 2000, allocatable: 4000) == 50)
        #expect(PlacementScores.least(requested: 1001, allocatable: 3000) == 66)  // 199900 / 3000 = 66.63 → 66
        #expect(PlacementScores.least(requested: 5000, allocatable: 4000) == 0)
        #expect(PlacementScores.least(requested: 1, allocatable: 0) == 0)
        // MostAllocated: 2000 * 100 / 4000 = 50, capped at 100.
        #expect(PlacementScores.most(requested: 2000, allocatable: 4000) == 50)
        #expect(PlacementScores.most(requested: 9000, allocatable: 4000) == 100)
        // BalancedAllocation: two fractions 0.5 and 0.25: std = 0.125 → 87.
        #expect(PlacementScores.balanced(fractions: [0.5, 0.25]) == 87)
        // Three: 0.2, 0.5, 0.8: std = sqrt(0.06) = 0.2449 → 75.
        #expect(PlacementScores.balanced(fractions: [0.2, 0.5, 0.8]) == 75)
        #expect(PlacementScores.balanced(fractions: [1.5, 1.0]) == 100)  // capped at 1
        // Normalisation: reverse for TaintToleration, plain for NodeAffinity.
        #expect(PlacementScores.normalize([0, 1, 2], reverse: true) == [100, 50, 0])
        #expect(PlacementScores.normalize([0, 0], reverse: true) == [100, 100])
        #expect(PlacementScores.normalize([0, 50, 100], reverse: false) == [0, 50, 100])
        #expect(PlacementScores.normalize([0, 0], reverse: false) == [0, 0])
    }

    @Test func nodeScoreByHand() {
        let s = PT.snapshot([PT.node("a", cpu: "4", memory: "8Gi")])
        let c = PT.component(PT.pod(["cpu": "1", "memory": "2Gi"]), in: s)
        let score = c.score(0, s)
        // least: cpu (4000-1000)*100/4000 = 75, memory (8Gi-2Gi)/8Gi = 75 → 75; balanced: 0.25 vs 0.25 → 100.
        #expect(score.resources == 75)
        #expect(score.balanced == 100)
        #expect(score.taintToleration == 100)  // no PreferNoSchedule taint anywhere
        #expect(score.nodeAffinity == 0)  // no preference anywhere
        #expect(score.spread == 100)
        #expect(score.accelerators == 100)  // the node has no GPU to keep free
        // spread: 3·100 (taint) + 2·0 (affinity) + 2·100 (spread) + 1·75 (least) + 1·100 (balanced) + 1·100 (accelerators) = 775.
        #expect(score.total == 775)
        #expect(c.score(0, s, siblings: 1).total == 775 - 2 * 50)
        // pack: MostAllocated 25 instead of LeastAllocated 75.
        #expect(PT.component(PT.pod(["cpu": "1", "memory": "2Gi"]), policy: .pack, in: s).score(0, s).total == 725)
        // balanced: BalancedAllocation weighs 3: 300 + 200 + 75 + 300 + 100 = 975.
        #expect(PT.component(PT.pod(["cpu": "1", "memory": "2Gi"]), policy: .balanced, in: s).score(0, s).total == 975)
    }

    @Test func podsWithoutRequestsScoreWithKubeDefaults() {
        let s = PT.snapshot([PT.node("a", cpu: "4", memory: "8Gi")])
        let score = PT.component(PT.pod(), in: s).score(0, s)
        // 100m of 4 cores → 97 (97.5 truncated); 200Mi of 8Gi → 97 (97.56); balanced uses the real (zero) requests → 100.
        #expect(score.resources == 97)
        #expect(score.balanced == 100)
    }

    @Test func taintAndAffinityPreferences() {
        let nodes = [
            PT.node("a", taints: [Node.Taint(key: "spot", effect: "PreferNoSchedule")], layer: .fog),
            PT.node("b", layer: .cloud),
            PT.node("c", labels: ["disk": "ssd"], layer: .edge),
        ]
        let s = PT.snapshot(nodes)
        let pod = PT.pod(preferred: [PreferredSchedulingTerm(weight: 40, term: PT.term("disk", "In", ["ssd"]))])
        let c = PT.component(pod, rules: TemplatePlacement(prefer: [.fog, .cloud]), in: s)
        // TaintToleration: raw [1, 0, 0] reversed → [0, 100, 100].
        #expect((0..<3).map { c.score($0, s).taintToleration } == [0, 100, 100])
        // NodeAffinity raw: fog 100 (first preferred layer), cloud 50, ssd term 40 → normalised by 100.
        #expect((0..<3).map { c.score($0, s).nodeAffinity } == [100, 50, 40])
        let tolerant = PT.component(PT.pod(tolerations: [PlacementToleration(key: "spot", exists: true)]), in: s)
        #expect(tolerant.score(0, s).taintToleration == 100)
    }

    @Test func policiesChooseAsTheyPromise() {
        let nodes = [
            PT.node("busy", cpu: "8", memory: "16Gi", layer: .cloud), PT.node("idle", cpu: "8", memory: "16Gi", layer: .cloud),
            PT.node("edge1", cpu: "4", memory: "4Gi", layer: .edge), PT.node("fog1", cpu: "8", memory: "16Gi", layer: .fog),
        ]
        let s = PT.snapshot(nodes, used: ["busy": ["cpu": "6", "memory": "12Gi"], "edge1": ["cpu": "3", "memory": "3Gi"]])
        let pod = PT.pod(["cpu": "500m", "memory": "512Mi"])
        func choice(_ p: PlacementPolicy, _ pod: PodRequirements = PT.pod(["cpu": "500m", "memory": "512Mi"])) -> String? {
            PT.component(pod, policy: p, in: s).best(s).map { s.nodes[$0].name }
        }
        #expect(choice(.spread) == "fog1")  // idle and fog1 tie on score; names break ties ("fog1" < "idle")
        #expect(choice(.pack) == "edge1")  // the fullest node that fits (7/8 of cpu and memory after)
        #expect(choice(.edgeFirst) == "edge1")  // the nearest layer wins although the node is busier
        // edge1 lacks memory for 2Gi: edge-first falls back to fog.
        #expect(choice(.edgeFirst, PT.pod(["cpu": "500m", "memory": "2Gi"])) == "fog1")
        // Balanced: cpu-heavy pod; busy is at 0.75/0.75 and would go to ~0.94/0.75, idle to 0.19/0.03.
        #expect(choice(.balanced, PT.pod(["cpu": "1500m", "memory": "256Mi"])) != "busy")
        _ = pod
    }

    @Test func explanationsForEveryKindOfRejection() {
        let nodes = [
            PT.node("cordoned", unschedulable: true),
            PT.node("edge-tainted", taints: [Node.Taint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")], layer: .edge),
            PT.node("fog-small", cpu: "2", memory: "8Gi", layer: .fog),
            PT.node("fog-full", cpu: "8", memory: "8Gi", layer: .fog),
            PT.node("fog-other", labels: ["zone": "b"], layer: .fog),
            PT.node("cloud-arm", cpu: "16", memory: "64Gi", layer: .cloud, arch: "arm64"),
            PT.node("notready", ready: false, layer: .fog),
            PT.node("mtfog1", cpu: "8", memory: "8Gi", layer: .fog, site: "MT"),
        ]
        let s = PT.snapshot(nodes, used: ["fog-full": ["memory": "7800Mi"], "mtfog1": ["memory": "7680Mi"]])
        let pod = PT.pod(["cpu": "3", "memory": "1Gi"], terms: [PT.term("zone", "NotIn", ["b"])])
        let c = PT.component(pod, rules: TemplatePlacement(layer: .fog, arch: "amd64"), in: s)
        let e = ComponentEvaluation(c, snapshot: s)
        #expect(e.ranked.isEmpty)
        let reasons = Dictionary(uniqueKeysWithValues: e.verdicts.map { ($0.node, $0.reasons) })
        #expect(reasons["cordoned"] == ["node(s) were unschedulable"])
        #expect(reasons["edge-tainted"] == ["node(s) had untolerated taint {Layer: GRNEDGE1}"])
        #expect(reasons["fog-small"] == ["Insufficient cpu"])
        #expect(reasons["fog-full"] == ["Insufficient memory"])
        #expect(reasons["fog-other"] == ["node(s) didn't match Pod's node affinity/selector"])
        #expect(reasons["cloud-arm"] == ["node(s) were not in layer fog"])
        #expect(reasons["notready"] == ["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"])
        #expect(reasons["mtfog1"] == ["Insufficient memory"])
        #expect(
            e.summary == "0/8 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, "
                + "1 node(s) had untolerated taint {Layer: GRNEDGE1}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, "
                + "1 node(s) were not in layer fog, 1 node(s) were unschedulable, 2 Insufficient memory.")
        // mtfog1 misses 512Mi of 8Gi (6.25%), fog-full 632Mi (7.7%), fog-small 1 core of 2 (50%).
        #expect(e.nearestMiss == "mtfog1 lacks 512Mi memory")
        let error = PlacementError.noNode(component: "Deployment/sed", summary: e.summary, nearestMiss: e.nearestMiss)
        #expect(error.description.hasPrefix("no node can run Deployment/sed: 0/8 nodes are available: 1 Insufficient cpu"))
        #expect(error.description.hasSuffix("Nearest miss: mtfog1 lacks 512Mi memory."))
    }

    @Test func rankedAlternativesAreByScoreThenName() {
        let s = PT.snapshot([PT.node("b"), PT.node("a"), PT.node("c", cpu: "8", memory: "16Gi"), PT.node("d", cpu: "1")])
        let e = ComponentEvaluation(PT.component(PT.pod(["cpu": "2"]), in: s), snapshot: s)
        #expect(e.ranked.map(\.node) == ["c", "a", "b"])
        #expect(e.summary == "3/4 nodes are available: 1 Insufficient cpu.")
        #expect(e.nearestMiss == "d lacks 1 cpu")
    }
}
