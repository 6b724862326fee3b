import MarvelCore
import Testing

/// A StatefulSet's ordinals whose claims (from its `volumeClaimTemplates`) are
/// bound to local volumes stay on those volumes' nodes whatever the policy;
/// ordinals without claims are placed freely.
@Suite struct PlacementOrdinalClaimTests {
    let snapshot = PT.snapshot([
        PT.node("fog-a", cpu: "8", memory: "32Gi", labels: ["kubernetes.io/hostname": "fog-a"], layer: .fog),
        PT.node("fog-b", cpu: "16", memory: "64Gi", labels: ["kubernetes.io/hostname": "fog-b"], layer: .fog),
        PT.node("fog-c", cpu: "16", memory: "64Gi", labels: ["kubernetes.io/hostname": "fog-c"], layer: .fog),
    ])

    /// Claims `data-db-<ordinal>` bound to local volumes on the given nodes.
    func bindings(_ nodes: [Int: String]) -> ClaimBindings {
        var claims: [JSONValue] = []
        var volumes: [JSONValue] = []
        for (ordinal, node) in nodes {
            claims.append(["metadata": ["name": .string("data-db-\(ordinal)")], "spec": ["volumeName": .string("pv-\(ordinal)")]])
            volumes.append([
                "metadata": ["name": .string("pv-\(ordinal)")],
                "spec": [
                    "nodeAffinity": [
                        "required": [
                            "nodeSelectorTerms": [
                                ["matchExpressions": [["key": "kubernetes.io/hostname", "operator": "In", "values": [.string(node)]]]]
                            ]
                        ]
                    ]
                ],
            ])
        }
        return ClaimBindings(claims: claims, volumes: volumes)
    }

    func statefulSet(replicas: Int) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": ["name": "db"],
            "spec": [
                "replicas": .int(replicas),
                "template": [
                    "spec": [
                        "containers": [
                            ["name": "db", "image": "x", "resources": ["requests": ["cpu": "500m"]], "volumeMounts": [["name": "data", "mountPath": "/d"]]]
                        ]
                    ]
                ],
                "volumeClaimTemplates": [["metadata": ["name": "data"], "spec": ["accessModes": ["ReadWriteOnce"]]]],
            ],
        ]
    }

    @Test func boundOrdinalsKeepTheirNodesUnderAnyPolicy() throws {
        let claims = bindings([0: "fog-a", 1: "fog-b", 2: "fog-c"])
        for policy in [PlacementPolicy.pack, .spread] {
            let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: policy))
            let components = try placer.components([statefulSet(replicas: 3)], rules: nil, snapshot: snapshot, claims: claims)
            #expect(components.first?.replicaVolumes[1]?.map(\.claim) == ["data-db-1"])
            let decision = try placer.decide(components, snapshot: snapshot)
            #expect(decision.workloads.first?.nodes == ["fog-a", "fog-b", "fog-c"], "\(policy)")
            let pinned = placer.apply(decision, to: [statefulSet(replicas: 3)], rules: nil, snapshot: snapshot)[0]
            let values = pinned.at(
                "spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?[0]?[
                    "matchExpressions"]?[0]?["values"]
            #expect(values == ["fog-a", "fog-b", "fog-c"])
        }
    }

    @Test func newOrdinalsArePlacedFreely() throws {
        // Ordinal 0's claim is bound on the small node; ordinals 1 and 2 (a scale-up) have none
        // and go where spread puts them, not next to it.
        let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .spread))
        let components = try placer.components([statefulSet(replicas: 3)], rules: nil, snapshot: snapshot, claims: bindings([0: "fog-a"]))
        #expect(components.first?.replicaVolumes.keys.sorted() == [0])
        let nodes = try placer.decide(components, snapshot: snapshot).workloads.first?.nodes ?? []
        #expect(nodes.count == 3)
        #expect(nodes.first == "fog-a")
        #expect(Set(nodes.dropFirst()) == ["fog-b", "fog-c"], "\(nodes)")
    }

    @Test func aBoundOrdinalWhoseNodeCannotTakeItIsExplained() throws {
        var cordoned = snapshot.nodes
        cordoned[0].unschedulable = true
        let full = PT.snapshot(cordoned)
        let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .spread))
        let components = try placer.components([statefulSet(replicas: 2)], rules: nil, snapshot: full, claims: bindings([0: "fog-a"]))
        #expect {
            try placer.decide(components, snapshot: full)
        } throws: { error in
            "\(error)".contains("replica 0 must stay where its bound claims are, data-db-0 (volume pv-0)")
        }
    }
}
