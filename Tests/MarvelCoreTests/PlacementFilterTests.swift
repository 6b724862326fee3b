import MarvelCore
import Testing

/// kube-scheduler's filters as the placer applies them, each against cases
/// worked out by hand from the rules in notes/kubernetes.md, with their reasons.
@Suite struct PlacementFilterTests {
    @Test func tolerationMatchingTable() {
        let taint = Node.Taint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")
        let table: [(PlacementToleration, Bool)] = [
            (PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule"), true),
            (PlacementToleration(key: "Layer", value: "GRNEDGE1"), true),  // empty effect: every effect
            (PlacementToleration(key: "Layer", value: "MTEDGE1", effect: "NoSchedule"), false),  // Equal needs the value
            (PlacementToleration(key: "Layer", value: "", effect: "NoSchedule"), false),  // Equal with empty value
            (PlacementToleration(key: "Layer", exists: true), true),  // Exists ignores the value
            (PlacementToleration(key: "Layer", exists: true, value: "other"), true),
            (PlacementToleration(key: "Layer", exists: true, effect: "NoExecute"), false),  // other effect
            (PlacementToleration(exists: true), true),  // empty key + Exists: everything
            (PlacementToleration(exists: true, effect: "NoExecute"), false),  // … but only its effect
            (PlacementToleration(value: "GRNEDGE1"), false),  // empty key needs Exists
            (PlacementToleration(key: "layer", exists: true), false),  // keys are case-sensitive
        ]
        for (toleration, expected) in table {
            #expect(toleration.tolerates(taint) == expected, "\(toleration)")
        }
        // Parsing: operator defaults to Equal.
        let parsed = PlacementToleration(json: ["key": "Layer", "value": "GRNEDGE1"])
        #expect(!parsed.exists && parsed.tolerates(taint))
        #expect(PlacementToleration.matching(Node.Taint(key: "dedicated", effect: "NoExecute")) == PlacementToleration(key: "dedicated", exists: true, effect: "NoExecute"))
    }

    @Test func nodeUnschedulableAndNodeName() {
        #expect(PT.reasons(PT.pod(), on: PT.node("c", unschedulable: true)) == ["node(s) were unschedulable"])
        let tolerant = PT.pod(tolerations: [PlacementToleration(key: "node.kubernetes.io/unschedulable", exists: true, effect: "NoSchedule")])
        #expect(PT.reasons(tolerant, on: PT.node("c", unschedulable: true)).isEmpty)
        #expect(PT.reasons(PT.pod(nodeName: "other"), on: PT.node("n")) == ["node(s) didn't match the requested node name"])
        #expect(PT.reasons(PT.pod(nodeName: "n"), on: PT.node("n")).isEmpty)
    }

    @Test func taintTolerationChecksNoScheduleAndNoExecuteOnly() {
        let edge = PT.node("e", taints: [Node.Taint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")])
        #expect(PT.reasons(PT.pod(), on: edge) == ["node(s) had untolerated taint {Layer: GRNEDGE1}"])
        #expect(PT.reasons(PT.pod(tolerations: [PlacementToleration(key: "Layer", value: "GRNEDGE1")]), on: edge).isEmpty)
        let exec = PT.node("x", taints: [Node.Taint(key: "dedicated", effect: "NoExecute")])
        #expect(PT.reasons(PT.pod(), on: exec) == ["node(s) had untolerated taint {dedicated: }"])
        let soft = PT.node("s", taints: [Node.Taint(key: "spot", effect: "PreferNoSchedule")])
        #expect(PT.reasons(PT.pod(), on: soft).isEmpty)
        // Not Ready: the not-ready taint applies unless a lifecycle taint is already there.
        #expect(PT.reasons(PT.pod(), on: PT.node("nr", ready: false)) == ["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"])
        let unreachable = PT.node("u", taints: [Node.Taint(key: "node.kubernetes.io/unreachable", effect: "NoSchedule")], ready: false)
        #expect(PT.reasons(PT.pod(), on: unreachable) == ["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"])
        #expect(PT.reasons(PT.pod(tolerations: [.init(exists: true)]), on: unreachable).isEmpty)
    }

    @Test func nodeAffinityOperatorsSelectorAndFields() {
        let n = PT.node("n", labels: ["marvdash.io/layer": "edge", "kubernetes.io/arch": "arm64", "gpus": "2"])
        func fits(_ p: PodRequirements) -> Bool { PT.reasons(p, on: n).isEmpty }
        #expect(fits(PT.pod(selector: ["marvdash.io/layer": "edge"])))
        #expect(!fits(PT.pod(selector: ["marvdash.io/layer": "fog"])))
        #expect(fits(PT.pod(terms: [PT.term("kubernetes.io/arch", "In", ["arm64", "amd64"])])))
        #expect(!fits(PT.pod(terms: [PT.term("kubernetes.io/arch", "In", ["amd64"])])))
        #expect(!fits(PT.pod(terms: [PT.term("kubernetes.io/arch", "NotIn", ["arm64"])])))
        #expect(fits(PT.pod(terms: [PT.term("missing", "NotIn", ["x"])])))  // NotIn holds for an absent label
        #expect(fits(PT.pod(terms: [PT.term("gpus", "Exists")])))
        #expect(!fits(PT.pod(terms: [PT.term("gpus", "DoesNotExist")])))
        #expect(fits(PT.pod(terms: [PT.term("gpus", "Gt", ["1"])])))
        #expect(!fits(PT.pod(terms: [PT.term("gpus", "Gt", ["2"])])))
        #expect(!fits(PT.pod(terms: [PT.term("gpus", "Lt", ["2"])])))
        #expect(!fits(PT.pod(terms: [PT.term("marvdash.io/layer", "Gt", ["1"])])))  // not an integer
        #expect(!fits(PT.pod(terms: [PT.term("gpus", "Like", ["2"])])))  // unknown operator
        // Terms are ORed; the nodeSelector is ANDed with them; an empty term matches nothing.
        #expect(fits(PT.pod(terms: [PT.term("gpus", "DoesNotExist"), PT.term("gpus", "Exists")])))
        #expect(!fits(PT.pod(selector: ["marvdash.io/layer": "fog"], terms: [PT.term("gpus", "Exists")])))
        #expect(!fits(PT.pod(terms: [NodeSelectorTerm()])))
        let byName = NodeSelectorTerm(matchFields: [NodeSelectorRequirement(key: "metadata.name", op: "In", values: ["n"])])
        #expect(fits(PT.pod(terms: [byName])))
        let notName = NodeSelectorTerm(matchFields: [NodeSelectorRequirement(key: "metadata.name", op: "NotIn", values: ["n"])])
        #expect(!fits(PT.pod(terms: [notName])))
        #expect(PT.reasons(PT.pod(selector: ["a": "b"]), on: n) == ["node(s) didn't match Pod's node affinity/selector"])
    }

    @Test func layerSiteAndArchRules() {
        let n = PT.node("mtfog1", layer: .fog, site: "MT", arch: "amd64")
        #expect(PT.reasons(PT.pod(), rules: TemplatePlacement(layer: .edge), on: n) == ["node(s) were not in layer edge"])
        #expect(PT.reasons(PT.pod(), rules: TemplatePlacement(layer: .fog, site: "mt"), on: n).isEmpty)  // sites ignore case
        #expect(PT.reasons(PT.pod(), rules: TemplatePlacement(site: "GRN"), on: n) == ["node(s) were not at site GRN"])
        #expect(PT.reasons(PT.pod(), rules: TemplatePlacement(arch: "arm64"), on: n) == ["node(s) didn't have arch arm64"])
        // Preferred layers never reject.
        #expect(PT.reasons(PT.pod(), rules: TemplatePlacement(prefer: [.edge]), on: n).isEmpty)
        // kube's filters come first: a tainted node in the wrong layer reports the taint.
        let tainted = PT.node("e", taints: [Node.Taint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")], layer: .edge)
        #expect(PT.reasons(PT.pod(), rules: TemplatePlacement(layer: .fog), on: tainted) == ["node(s) had untolerated taint {Layer: GRNEDGE1}"])
    }

    @Test func resourceFitCountsBoundPodsAndListsEveryShortage() {
        let n = PT.node("n", cpu: "2", memory: "4Gi", gpu: "1", pods: "3", ephemeral: "10Gi")
        #expect(PT.reasons(PT.pod(["cpu": "2", "memory": "4Gi"]), on: n).isEmpty)
        let used = ["cpu": "1500m", "memory": "1Gi", "nvidia.com/gpu": "1"]
        #expect(PT.reasons(PT.pod(["cpu": "500m"]), on: n, used: used).isEmpty)
        #expect(PT.reasons(PT.pod(["cpu": "501m"]), on: n, used: used) == ["Insufficient cpu"])
        // kube's order: pods, cpu, memory, ephemeral-storage, then extended resources.
        #expect(
            PT.reasons(PT.pod(["nvidia.com/gpu": "1", "memory": "4Gi", "cpu": "1", "ephemeral-storage": "11Gi"]), on: n, used: used, podsBound: 3)
                == ["Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage", "Insufficient nvidia.com/gpu"])
        #expect(PT.reasons(PT.pod(["example.com/fpga": "1"]), on: n) == ["Insufficient example.com/fpga"])
        #expect(PT.reasons(PT.pod(), on: n, podsBound: 3) == ["Too many pods"])
        // A node without a pods entry takes 110.
        let unlimited = PlacementNode(name: "u", allocatable: ["cpu": PT.q("1")])
        #expect(PT.reasons(PT.pod(), on: unlimited, podsBound: 109).isEmpty)
        #expect(PT.reasons(PT.pod(), on: unlimited, podsBound: 110) == ["Too many pods"])
    }

    @Test func podRequirementsFollowTheEffectiveRequestRules() throws {
        let spec: JSONValue = try JSONValue.parse(
            #"""
            {"nodeSelector":{"marvdash.io/layer":"edge"},
             "affinity":{"nodeAffinity":{
               "requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                 {"matchExpressions":[{"key":"kubernetes.io/arch","operator":"In","values":["arm64"]}]}]},
               "preferredDuringSchedulingIgnoredDuringExecution":[
                 {"weight":30,"preference":{"matchExpressions":[{"key":"gpu","operator":"Exists"}]}}]}},
             "tolerations":[{"key":"Layer","operator":"Exists","effect":"NoSchedule"}],
             "initContainers":[{"name":"i","image":"x","resources":{"requests":{"cpu":"2","ephemeral-storage":"1Gi"}}},
                               {"name":"side","image":"x","restartPolicy":"Always","resources":{"requests":{"memory":"100Mi"}}}],
             "containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"500m","nvidia.com/gpu":"1"}}},
                           {"name":"b","image":"x","resources":{"requests":{"cpu":"500m","memory":"1Gi","ephemeral-storage":"2Gi"}}}]}
            """#)
        let p = try PodRequirements(podSpec: spec)
        #expect(p.nodeSelector == ["marvdash.io/layer": "edge"])
        #expect(p.requiredTerms == [PT.term("kubernetes.io/arch", "In", ["arm64"])])
        #expect(p.preferredTerms == [PreferredSchedulingTerm(weight: 30, term: PT.term("gpu", "Exists"))])
        #expect(p.tolerations == [PlacementToleration(key: "Layer", exists: true, effect: "NoSchedule")])
        #expect(p.requests["cpu"] == PT.q("2"))  // the init container's 2 beats the containers' 1
        #expect(p.requests["memory"] == PT.q("1124Mi"))  // 1Gi + the sidecar's 100Mi
        #expect(p.requests["ephemeral-storage"] == PT.q("2Gi"))
        #expect(p.requests["nvidia.com/gpu"] == PT.q("1"))
        #expect(throws: KubeDecodingError.self) {
            try PodRequirements(podSpec: ["containers": [["name": "a", "resources": ["requests": ["cpu": "lots"]]]]])
        }
    }

    @Test func componentsOfRenderedManifests() throws {
        let manifests: [JSONValue] = [
            ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "s"]],
            ["kind": "StatefulSet", "metadata": ["name": "kafka"], "spec": ["replicas": 3, "template": ["spec": ["containers": [
                ["name": "k", "resources": ["requests": ["cpu": "250m"]]]]]]]],
            ["kind": "Job", "metadata": ["name": "train"], "spec": ["parallelism": 2, "template": ["spec": ["containers": [["name": "t"]]]]]],
            ["kind": "DaemonSet", "metadata": ["name": "agent"], "spec": ["template": ["spec": ["containers": [["name": "a"]]]]]],
            ["kind": "Pod", "metadata": ["name": "p"], "spec": ["containers": [["name": "c"]]]],
        ]
        let components = try ComponentRequirement.components(of: manifests, rules: TemplatePlacement(gpu: 1))
        #expect(components.map(\.name) == ["StatefulSet/kafka", "Job/train", "Pod/p"])
        #expect(components.map(\.replicas) == [3, 2, 1])
        #expect(components[0].pod.requests["nvidia.com/gpu"] == PT.q("1"))  // the placement block's gpu
        #expect(components[0].pod.requests["cpu"] == PT.q("250m"))
        let bad: [JSONValue] = [["kind": "Pod", "metadata": ["name": "p"], "spec": ["containers": [["name": "c", "resources": ["requests": ["cpu": "x"]]]]]]]
        #expect(throws: PlacementError.self) { try ComponentRequirement.components(of: bad) }
    }
}
