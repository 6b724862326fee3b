import MarvelCore
import Testing

/// Pods that mount a claim bound to a local volume are placed only on the
/// volume's node, as kube-scheduler's VolumeBinding filter does.
@Suite struct PlacementVolumeTests {
    let snapshot = PT.snapshot([
        PT.node("fog-a", cpu: "8", memory: "32Gi", labels: ["kubernetes.io/hostname": "fog-a"], layer: .fog),
        PT.node("fog-b", cpu: "16", memory: "64Gi", labels: ["kubernetes.io/hostname": "fog-b"], layer: .fog),
        PT.node("fog-c", cpu: "16", memory: "64Gi", labels: ["kubernetes.io/hostname": "fog-c"], layer: .fog),
    ])

    /// A claim `data` bound to a volume on `node` (the embedded provisioner's shape).
    func bindings(node: String) -> ClaimBindings {
        let claim: JSONValue = ["metadata": ["name": "data"], "spec": ["volumeName": "pvc-1"], "status": ["phase": "Bound"]]
        let volume: JSONValue = [
            "metadata": ["name": "pvc-1"],
            "spec": [
                "nodeAffinity": [
                    "required": [
                        "nodeSelectorTerms": [
                            ["matchExpressions": [["key": "kubernetes.io/hostname", "operator": "In", "values": [.string(node)]]]]
                        ]
                    ]
                ]
            ],
        ]
        return ClaimBindings(claims: [claim], volumes: [volume])
    }

    func deployment(claim: String?, cpu: String = "500m") -> JSONValue {
        var spec: JSONObject = ["containers": [["name": "db", "image": "x", "resources": ["requests": ["cpu": .string(cpu)]]]]]
        if let claim { spec["volumes"] = [["name": "data", "persistentVolumeClaim": ["claimName": .string(claim)]]] }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "db"],
            "spec": ["replicas": 1, "template": ["spec": .object(spec)]],
        ]
    }

    @Test func aBoundClaimPinsThePodToItsVolumesNode() throws {
        let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .spread))
        // Without the claim, spread prefers one of the two large nodes.
        let free = try placer.decide(try placer.components([deployment(claim: nil)], rules: nil, snapshot: snapshot), snapshot: snapshot)
        #expect(free.workloads.first?.nodes != ["fog-a"])
        let components = try placer.components([deployment(claim: "data")], rules: nil, snapshot: snapshot, claims: bindings(node: "fog-a"))
        #expect(components.first?.pod.volumes.map(\.volume) == ["pvc-1"])
        let decision = try placer.decide(components, snapshot: snapshot)
        #expect(decision.workloads.first?.nodes == ["fog-a"])
        let evaluation = try #require(decision.workloads.first?.evaluation)
        #expect(evaluation.summary == "1/3 nodes are available: 2 node(s) had volume node affinity conflict.")
    }

    @Test func resourcesAreReportedBeforeTheVolumeAsKubeSchedulerOrdersItsFilters() throws {
        let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .spread))
        let components = try placer.components(
            [deployment(claim: "data", cpu: "12")], rules: nil, snapshot: snapshot, claims: bindings(node: "fog-a"))
        #expect(throws: PlacementError.self) { try placer.decide(components, snapshot: snapshot) }
        let evaluation = ComponentEvaluation(CompiledComponent(components[0], policy: .spread, snapshot: snapshot), snapshot: snapshot)
        #expect(evaluation.summary == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had volume node affinity conflict.")
        #expect(evaluation.nearestMiss == "fog-a lacks 4 cpu")
    }

    @Test func unboundOrUnknownClaimsDoNotRestrict() {
        let pending = ClaimBindings(claims: [["metadata": ["name": "data"], "status": ["phase": "Pending"]]], volumes: [])
        #expect(pending.affinities.isEmpty)
        #expect(ClaimBindings.claimNames(inPodSpec: ["volumes": [["name": "x", "emptyDir": [:]]]]).isEmpty)
    }
}
