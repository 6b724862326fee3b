import MarvelCore
import Testing

@testable import MarvelSim

/// kube-scheduler semantics of the embedded cluster's placer: filters, their
/// reasons, the FailedScheduling message and the LeastAllocated choice.
@Suite struct SimSchedulerTests {
    func q(_ text: String) -> Quantity { (try? Quantity(parsing: text)) ?? .zero }

    func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", gpu: String? = nil, pods: String = "110",
        labels: [String: String] = [:], taints: [NodeTaint] = [], unschedulable: Bool = false, ready: Bool = true
    ) -> SchedulingNode {
        var allocatable = ["cpu": q(cpu), "memory": q(memory), "pods": q(pods)]
        if let gpu { allocatable["nvidia.com/gpu"] = q(gpu) }
        return SchedulingNode(
            name: name, labels: labels, taints: taints, unschedulable: unschedulable, ready: ready,
            allocatable: allocatable)
    }

    func pod(_ requests: [String: String] = [:], selector: [String: String] = [:], terms: [NodeSelectorTerm] = [],
             tolerations: [PodToleration] = [], nodeName: String = "") -> SchedulingPod {
        SchedulingPod(
            nodeName: nodeName, nodeSelector: selector, requiredTerms: terms, tolerations: tolerations,
            requests: requests.mapValues { q($0) })
    }

    @Test func tolerationMatchingTable() {
        let taint = NodeTaint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")
        let table: [(PodToleration, Bool)] = [
            (PodToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule"), true),
            (PodToleration(key: "Layer", value: "GRNEDGE1"), true),  // empty effect matches every effect
            (PodToleration(key: "Layer", value: "MTEDGE1", effect: "NoSchedule"), false),  // Equal needs the value
            (PodToleration(key: "Layer", exists: true), true),  // Exists ignores the value
            (PodToleration(key: "Layer", exists: true, effect: "NoExecute"), false),  // other effect
            (PodToleration(exists: true), true),  // empty key with Exists tolerates everything
            (PodToleration(value: "GRNEDGE1"), false),  // empty key needs Exists
            (PodToleration(key: "Other", exists: true), false),
        ]
        for (toleration, expected) in table {
            #expect(toleration.tolerates(taint) == expected, "\(toleration)")
        }
    }

    @Test func taintsNoScheduleAndNoExecuteMustBeTolerated() {
        let tainted = node("e1", taints: [NodeTaint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")])
        #expect(SchedulingFilters.reasons(pod(), on: tainted) == ["node(s) had untolerated taint {Layer: GRNEDGE1}"])
        let ok = pod(tolerations: [PodToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")])
        #expect(SchedulingFilters.reasons(ok, on: tainted).isEmpty)
        let soft = node("s", taints: [NodeTaint(key: "x", effect: "PreferNoSchedule")])
        #expect(SchedulingFilters.reasons(pod(), on: soft).isEmpty)
        let exec = node("x", taints: [NodeTaint(key: "dedicated", effect: "NoExecute")])
        #expect(SchedulingFilters.reasons(pod(), on: exec) == ["node(s) had untolerated taint {dedicated: }"])
    }

    @Test func notReadyAndCordonedNodes() {
        #expect(
            SchedulingFilters.reasons(pod(), on: node("n", ready: false))
                == ["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"])
        #expect(SchedulingFilters.reasons(pod(), on: node("c", unschedulable: true)) == ["node(s) were unschedulable"])
        #expect(
            SchedulingFilters.reasons(pod(nodeName: "other"), on: node("n"))
                == ["node(s) didn't match the requested node name"])
    }

    @Test func nodeSelectorAndAffinityOperators() {
        let n = node("n", labels: ["marvdash.io/layer": "edge", "kubernetes.io/arch": "arm64", "gpus": "2"])
        func fits(_ p: SchedulingPod) -> Bool { SchedulingFilters.reasons(p, on: n).isEmpty }
        func term(_ key: String, _ op: String, _ values: [String] = []) -> NodeSelectorTerm {
            NodeSelectorTerm(matchExpressions: [NodeSelectorRequirement(key: key, op: op, values: values)])
        }
        #expect(fits(pod(selector: ["marvdash.io/layer": "edge"])))
        #expect(!fits(pod(selector: ["marvdash.io/layer": "fog"])))
        #expect(fits(pod(terms: [term("kubernetes.io/arch", "In", ["arm64", "amd64"])])))
        #expect(!fits(pod(terms: [term("kubernetes.io/arch", "NotIn", ["arm64"])])))
        #expect(fits(pod(terms: [term("gpus", "Exists")])))
        #expect(!fits(pod(terms: [term("gpus", "DoesNotExist")])))
        #expect(fits(pod(terms: [term("gpus", "Gt", ["1"])])))
        #expect(!fits(pod(terms: [term("gpus", "Lt", ["2"])])))
        // Terms are ORed; the nodeSelector is ANDed with them.
        #expect(fits(pod(terms: [term("gpus", "DoesNotExist"), term("gpus", "Exists")])))
        #expect(!fits(pod(selector: ["marvdash.io/layer": "fog"], terms: [term("gpus", "Exists")])))
        #expect(
            SchedulingFilters.reasons(pod(selector: ["a": "b"]), on: n)
                == ["node(s) didn't match Pod's node affinity/selector"])
        // matchFields on metadata.name.
        let byName = NodeSelectorTerm(matchFields: [NodeSelectorRequirement(key: "metadata.name", op: "In", values: ["n"])])
        #expect(fits(pod(terms: [byName])))
    }

    @Test func resourceFitCountsBoundPods() {
        var n = node("n", cpu: "2", memory: "4Gi", gpu: "1", pods: "3")
        #expect(SchedulingFilters.reasons(pod(["cpu": "2", "memory": "4Gi"]), on: n).isEmpty)
        n.bind(["cpu": q("1500m"), "memory": q("1Gi"), "nvidia.com/gpu": q("1")])
        #expect(SchedulingFilters.reasons(pod(["cpu": "500m"]), on: n).isEmpty)
        #expect(SchedulingFilters.reasons(pod(["cpu": "501m"]), on: n) == ["Insufficient cpu"])
        #expect(
            SchedulingFilters.reasons(pod(["memory": "4Gi", "nvidia.com/gpu": "1"]), on: n)
                == ["Insufficient memory", "Insufficient nvidia.com/gpu"])
        #expect(SchedulingFilters.reasons(pod(["example.com/fpga": "1"]), on: n) == ["Insufficient example.com/fpga"])
        n.bind([:])
        n.bind([:])
        #expect(SchedulingFilters.reasons(pod(), on: n) == ["Too many pods"])
    }

    @Test func failedSchedulingMessageCountsAndSortsReasons() {
        let nodes = [
            node("a", cpu: "1"), node("b", cpu: "1"), node("c", cpu: "1"),
            node("d", taints: [NodeTaint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")]),
            node("e", labels: [:]), node("f", labels: [:]),
        ]
        let p = pod(["cpu": "2"], terms: [
            NodeSelectorTerm(matchFields: [NodeSelectorRequirement(key: "metadata.name", op: "In", values: ["a", "b", "c", "d"])])
        ])
        #expect(
            Scheduler().decide(p, nodes: nodes)
                == .unschedulable(
                    message: "0/6 nodes are available: 1 node(s) had untolerated taint {Layer: GRNEDGE1}, "
                        + "2 node(s) didn't match Pod's node affinity/selector, 3 Insufficient cpu."))
    }

    @Test func leastAllocatedThenADrawAmongTheTiedPicksTheNode() {
        var busy = node("a-busy", cpu: "4", memory: "8Gi")
        busy.bind(["cpu": q("3"), "memory": q("6Gi")])
        let nodes = [busy, node("c-free"), node("b-free")]
        // b-free and c-free tie: each pod gets one of them (the same one every time), never the busy node.
        var chosen = Set<String>()
        for i in 0..<20 {
            var p = pod(["cpu": "1"])
            p.id = "default/web-\(i)"
            guard case .bind(let name) = Scheduler().decide(p, nodes: nodes) else {
                Issue.record("pod \(i) was not scheduled")
                continue
            }
            #expect(Scheduler().decide(p, nodes: nodes) == .bind(node: name))
            chosen.insert(name)
        }
        #expect(chosen == ["b-free", "c-free"])
        let big = node("d-big", cpu: "16", memory: "64Gi")
        #expect(Scheduler().decide(pod(["cpu": "1"]), nodes: nodes + [big]) == .bind(node: "d-big"))
    }

    @Test func podObjectsAreReadForScheduling() throws {
        let pod: JSONValue = try JSONValue.parse(
            #"""
            {"metadata":{"name":"p"},"spec":{
              "nodeSelector":{"marvdash.io/layer":"edge"},
              "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                {"matchExpressions":[{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]}]}]}}},
              "tolerations":[{"key":"Layer","operator":"Exists","effect":"NoSchedule"}],
              "initContainers":[{"name":"i","image":"x","resources":{"requests":{"cpu":"2"}}}],
              "containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"500m","nvidia.com/gpu":"1"}}},
                            {"name":"b","image":"x","resources":{"requests":{"cpu":"500m","memory":"1Gi"}}}]}}
            """#)
        let p = try SchedulingPod(json: pod)
        #expect(p.nodeSelector == ["marvdash.io/layer": "edge"])
        #expect(p.requiredTerms.first?.matchExpressions == [NodeSelectorRequirement(key: "kubernetes.io/arch", op: "In", values: ["arm64"])])
        #expect(p.tolerations == [PodToleration(key: "Layer", exists: true, effect: "NoSchedule")])
        #expect(p.requests["cpu"] == q("2"))  // the init container's 2 beats the containers' 1
        #expect(p.requests["nvidia.com/gpu"] == q("1"))
        #expect(p.requests["memory"] == q("1Gi"))
    }
}
