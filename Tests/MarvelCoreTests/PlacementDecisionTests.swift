import MarvelCore
import Testing

/// Applying decisions to manifests (affinity, tolerations), the modes,
/// dedicated nodes (only what tolerates them), and requests no node can meet.
@Suite struct PlacementDecisionTests {
    /// A MARVEL-like cluster: a tainted GPU edge box, an arm64 board, fog and amd64 cloud.
    func marvel() -> PlacementSnapshot {
        PT.snapshot([
            PT.node(
                "grnedge1", cpu: "8", memory: "32Gi", gpu: "1", labels: ["Layer": "GRNEDGE1", "kubernetes.io/hostname": "grnedge1"],
                taints: [Node.Taint(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")], layer: .edge, site: "GRN"),
            PT.node("mtedge1", cpu: "4", memory: "8Gi", labels: ["marvdash.io/layer": "edge"], layer: .edge, site: "MT", arch: "arm64"),
            PT.node("grnfog1", cpu: "16", memory: "64Gi", gpu: "1", labels: ["marvdash.io/layer": "fog"], layer: .fog, site: "GRN"),
            PT.node("mtfog1", cpu: "8", memory: "32Gi", labels: ["marvdash.io/layer": "fog"], layer: .fog, site: "MT"),
            PT.node("psnc-cloud2", cpu: "16", memory: "64Gi", labels: ["marvdash.io/layer": "cloud"], layer: .cloud, site: "PSNC"),
            PT.node("psnc-gpu1", cpu: "32", memory: "128Gi", gpu: "2", labels: ["marvdash.io/layer": "cloud"], layer: .cloud, site: "PSNC"),
        ])
    }

    func deployment(_ name: String, replicas: Int = 1, requests: JSONObject = ["cpu": "500m", "memory": "512Mi"], spec extra: JSONObject = [:]) -> JSONValue {
        var podSpec: JSONObject = ["containers": [["name": "main", "image": "x", "resources": ["requests": .object(requests)]]]]
        for m in extra { podSpec[m.key] = m.value }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": ["replicas": .int(replicas), "template": ["spec": .object(podSpec)]],
        ]
    }

    func decide(
        _ manifests: [JSONValue], rules: TemplatePlacement?, mode: PlacementMode = .auto, policy: PlacementPolicy = .spread,
        tolerate: [PlacementToleration] = []
    ) throws -> (PlacementDecision, [JSONValue]) {
        let s = marvel()
        let placer = TemplatePlacer(request: PlacementRequest(mode: mode, policy: policy, tolerations: tolerate))
        let decision = try placer.decide(try placer.components(manifests, rules: rules, snapshot: s), snapshot: s)
        return (decision, placer.apply(decision, to: manifests, rules: rules, snapshot: s))
    }

    func tolerations(_ manifest: JSONValue) -> [PlacementToleration] {
        (manifest.at("spec", "template", "spec", "tolerations")?.arrayValue ?? []).map(PlacementToleration.init(json:))
    }

    @Test func pinningAndsTheRequirementIntoEveryTermAndAddsTheDeclaredTolerations() {
        let existing = deployment("d", spec: [
            "affinity": ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": ["nodeSelectorTerms": [
                ["matchExpressions": [["key": "a", "operator": "Exists"]]], ["matchExpressions": [["key": "b", "operator": "Exists"]]],
            ]]]],
            "tolerations": [["key": "Layer", "operator": "Exists"]],
        ])
        let pinned = ManifestPinning.pin(
            existing, requirement: NodeSelectorRequirement(key: "kubernetes.io/hostname", op: "In", values: ["n1"]),
            tolerations: [
                PlacementToleration(key: "Layer", exists: true),  // already there
                PlacementToleration(key: "dedicated", value: "ml", effect: "NoExecute"),
            ])
        let spec = pinned.at("spec", "template", "spec")
        let terms = (spec?.at("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?.arrayValue ?? [])
            .map(NodeSelectorTerm.init(json:))
        #expect(terms.count == 2)
        for t in terms { #expect(t.matchExpressions.last == NodeSelectorRequirement(key: "kubernetes.io/hostname", op: "In", values: ["n1"])) }
        #expect(terms.map { $0.matchExpressions.first?.key } == ["a", "b"])
        let tolerations = (spec?["tolerations"]?.arrayValue ?? []).map(PlacementToleration.init(json:))
        #expect(tolerations == [PlacementToleration(key: "Layer", exists: true), PlacementToleration(key: "dedicated", value: "ml", effect: "NoExecute")])
        // Objects without pods are left alone.
        let service: JSONValue = ["kind": "Service", "metadata": ["name": "s"]]
        #expect(ManifestPinning.pin(service, requirement: nil, tolerations: [PlacementToleration(key: "x", exists: true)]) == service)
    }

    @Test func autoPinsEachWorkloadToItsNodes() throws {
        let (decision, manifests) = try decide([deployment("kafka", replicas: 2)], rules: TemplatePlacement(layer: .cloud, arch: "amd64"))
        let nodes = decision.workloads[0].nodes
        #expect(Set(nodes) == ["psnc-cloud2", "psnc-gpu1"])  // replicas spread over the two cloud nodes
        let req = manifests[0].at("spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]
        #expect(req.map(NodeSelectorRequirement.init(json:)) == NodeSelectorRequirement(key: "kubernetes.io/hostname", op: "In", values: ["psnc-cloud2", "psnc-gpu1"]))
        let record = decision.json
        #expect(record["mode"] == "auto" && record["policy"] == "spread" && record["optimal"] == true)
        #expect(record["workloads"]?[0]?["workload"] == "Deployment/kafka")
    }

    @Test func aDedicatedNodeTakesOnlyWhatToleratesIt() throws {
        // A GPU edge component: only grnedge1 has a GPU at the edge, dedicated by the seed's Layer taint (Listing 30).
        let gpuPod = deployment("viad", requests: ["cpu": "1", "nvidia.com/gpu": "1"])
        #expect {
            try decide([gpuPod], rules: TemplatePlacement(layer: .edge))
        } throws: { error in
            // Preferring or requiring the edge is no licence to use a dedicated node; the refusal says how to tolerate it.
            "\(error)".contains("1 node(s) had untolerated taint {Layer: GRNEDGE1}")
                && "\(error)".contains("grnedge1 (Layer=GRNEDGE1:NoSchedule) is dedicated: to use it, tolerate its taint with --tolerate Layer=GRNEDGE1:NoSchedule")
        }
        // The template declares the toleration (Listing 31): grnedge1 takes it, and the manifest carries exactly that one.
        let declared = TemplatePlacement(layer: .edge, tolerate: [PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")])
        let (decision, manifests) = try decide([gpuPod], rules: declared)
        #expect(decision.workloads[0].nodes == ["grnedge1"])
        #expect(tolerations(manifests[0]) == [PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")])
        // The operator passes it (--tolerate): the same, and the record keeps it for upgrades.
        let operatorTolerates = [try PlacementToleration(parsing: "Layer=GRNEDGE1:NoSchedule")]
        let (byOperator, pinned) = try decide([gpuPod], rules: TemplatePlacement(layer: .edge), tolerate: operatorTolerates)
        #expect(byOperator.workloads[0].nodes == ["grnedge1"] && tolerations(pinned[0]) == operatorTolerates)
        #expect(byOperator.json["tolerate"] == ["Layer=GRNEDGE1:NoSchedule"])
        #expect(PlacementRequest(record: byOperator.json)?.tolerations == operatorTolerates)
        // A toleration of another dedication does not open this one.
        #expect(throws: PlacementError.self) {
            try decide([gpuPod], rules: TemplatePlacement(layer: .edge), tolerate: [try PlacementToleration(parsing: "Layer=MTEDGE1:NoSchedule")])
        }
        // Without a layer rule the dedicated node stays closed: the GPU at GRN's fog is chosen, and nothing is tolerated.
        let (other, otherManifests) = try decide([gpuPod], rules: TemplatePlacement(site: "GRN"))
        #expect(other.workloads[0].nodes == ["grnfog1"])
        #expect(tolerations(otherManifests[0]).isEmpty)
        let rejected = try #require(other.workloads[0].evaluation.verdicts.first { $0.node == "grnedge1" })
        #expect(rejected.tolerationHint?.contains("--tolerate Layer=GRNEDGE1:NoSchedule") == true)
        #expect(rejected.json["tolerateWith"] == "--tolerate Layer=GRNEDGE1:NoSchedule")
    }

    @Test func tolerationsParseAsKubectlWritesTaints() throws {
        #expect(try PlacementToleration(parsing: "Layer=GRNEDGE1:NoSchedule") == PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule"))
        #expect(try PlacementToleration(parsing: "Layer=GRNEDGE1") == PlacementToleration(key: "Layer", value: "GRNEDGE1"))
        #expect(try PlacementToleration(parsing: "nvidia.com/gpu:NoSchedule") == PlacementToleration(key: "nvidia.com/gpu", exists: true, effect: "NoSchedule"))
        #expect(try PlacementToleration(parsing: "dedicated") == PlacementToleration(key: "dedicated", exists: true))
        #expect(try PlacementToleration(parsing: "Layer=:NoExecute") == PlacementToleration(key: "Layer", value: "", effect: "NoExecute"))
        #expect(try PlacementToleration.parseList("Layer=GRNEDGE1:NoSchedule, gpu ,gpu") == [
            PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule"), PlacementToleration(key: "gpu", exists: true),
        ])
        #expect(try PlacementToleration.parseList("  ").isEmpty)
        for t in ["Layer=GRNEDGE1:NoSchedule", "gpu:PreferNoSchedule", "k=v", "k"] { #expect(try PlacementToleration(parsing: t).text == t) }
        #expect(throws: PlacementError.badToleration("Layer=X:Sometimes", problem: "effect 'Sometimes' must be NoSchedule, PreferNoSchedule or NoExecute")) {
            try PlacementToleration(parsing: "Layer=X:Sometimes")
        }
        for bad in ["=v:NoSchedule", "-k=v", "k=v w", "a/b/c=v", "k=" + String(repeating: "x", count: 64)] {
            #expect(throws: PlacementError.self, "\(bad)") { try PlacementToleration(parsing: bad) }
        }
    }

    @Test func layerModePinsTheLayerLabel() throws {
        let (decision, manifests) = try decide([deployment("sed")], rules: TemplatePlacement(layer: .fog), mode: .layer)
        #expect(decision.workloads[0].layer == .fog)
        let req = manifests[0].at("spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]
        #expect(req.map(NodeSelectorRequirement.init(json:)) == NodeSelectorRequirement(key: "marvdash.io/layer", op: "In", values: ["fog"]))
        #expect(decision.json["mode"] == "layer")
    }

    @Test func nodeModeAndNoneMode() throws {
        let (decision, manifests) = try decide([deployment("sed")], rules: TemplatePlacement(layer: .fog), mode: .node("psnc-cloud2"))
        #expect(decision.workloads[0].nodes == ["psnc-cloud2"])  // an explicit node overrides the layer rule
        #expect(decision.json["node"] == "psnc-cloud2")
        let req = manifests[0].at("spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]
        #expect(req?["values"] == ["psnc-cloud2"])
        #expect(throws: PlacementError.unknownNode("nope", known: marvel().nodes.map(\.name))) {
            try decide([deployment("sed")], rules: nil, mode: .node("nope"))
        }
        let s = marvel()
        let none = TemplatePlacer(request: .none)
        let d = try none.decide(try none.components([deployment("x")], rules: nil, snapshot: s), snapshot: s)
        #expect(none.apply(d, to: [deployment("x")], rules: nil, snapshot: s) == [deployment("x")])
        // Mode none pins nothing but still writes the declared tolerations.
        let declared = TemplatePlacement(tolerate: [PlacementToleration(key: "Layer", value: "GRNEDGE1", effect: "NoSchedule")])
        let tolerant = none.tolerating([deployment("x")], rules: declared)
        #expect(tolerations(tolerant[0]) == declared.tolerate)
        #expect(tolerant[0].at("spec", "template", "spec", "affinity") == nil)
    }

    @Test func impossibleRequestsSayNoNodeCanRunThem() {
        // More GPUs than any node has.
        #expect {
            try decide([deployment("train", requests: ["cpu": "1", "nvidia.com/gpu": "4"])], rules: nil)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("no node can run Deployment/train: 0/6 nodes are available:") && text.contains("Insufficient nvidia.com/gpu")
                && text.contains("Nearest miss: psnc-gpu1 lacks 2 nvidia.com/gpu")
        }
        // arm64 only, on the amd64-only cloud layer.
        #expect {
            try decide([deployment("vad")], rules: TemplatePlacement(layer: .cloud, arch: "arm64"))
        } throws: { error in
            // grnedge1 is neither cloud nor arm64: tolerating its taint would not help, so no hint names it.
            "\(error)" == "no node can run Deployment/vad: 0/6 nodes are available: 1 node(s) had untolerated taint {Layer: GRNEDGE1}, "
                + "2 node(s) didn't have arch arm64, 3 node(s) were not in layer cloud."
        }
    }

    @Test func modesAndPoliciesParse() throws {
        #expect(try PlacementMode(parsing: "auto") == .auto)
        #expect(try PlacementMode(parsing: "node mtfog1") == .node("mtfog1"))
        #expect(try PlacementMode(parsing: "node=mtfog1") == .node("mtfog1"))
        #expect(throws: PlacementError.badMode("sometimes")) { try PlacementMode(parsing: "sometimes") }
        #expect(try PlacementPolicy(parsing: "edge-first") == .edgeFirst)
        #expect(throws: PlacementError.self) { try PlacementPolicy(parsing: "random") }
        let record: JSONValue = ["mode": "node", "node": "mtfog1", "policy": "pack"]
        #expect(PlacementRequest(record: record) == PlacementRequest(mode: .node("mtfog1"), policy: .pack))
        #expect(PlacementRequest(record: .null) == nil)
    }

    @Test func headroomCountsWholeInstancesPerLayer() {
        let s = marvel()
        let c = ComponentRequirement(name: "Deployment/sed", replicas: 2, pod: PT.pod(["cpu": "4", "memory": "1Gi"]), rules: TemplatePlacement(prefer: [.fog]))
        let report = Headroom.compute([c], snapshot: s)
        // fog: grnfog1 16 cores → 4 pods, mtfog1 8 → 2: 6 pods = 3 instances of 2.
        #expect(report.first(where: { $0.layer == .fog })?.instances == 3)
        #expect(report.first(where: { $0.layer == .fog })?.nodes == ["grnfog1": 4, "mtfog1": 2])
        // edge: mtedge1 4 cores → 1 pod; grnedge1 is dedicated (not tolerated here) → 0 instances.
        #expect(report.first(where: { $0.layer == .edge })?.instances == 0)
        let required = ComponentRequirement(name: "x", pod: PT.pod(["cpu": "1"]), rules: TemplatePlacement(layer: .cloud))
        #expect(Headroom.compute([required], snapshot: s).first?.excluded == "the template requires layer cloud")
    }
}
