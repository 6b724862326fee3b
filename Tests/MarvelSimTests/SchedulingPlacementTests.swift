import Foundation
import MarvelCore
import MarvelSim
import Testing

/// One placer end to end: a deploy decides with MarvelCore's placer, pins the
/// workloads, and the embedded cluster's scheduler (the same placer) runs the
/// pods exactly there; impossible requests deploy nothing.
@Suite struct SchedulingPlacementTests {
    static func template(
        layer: String, arch: String? = nil, gpu: Int = 0, replicas: Int = 2, kind: String = "Deployment", tolerate: String? = nil
    ) throws -> Template {
        let gpuLine = gpu > 0 ? "\n            nvidia.com/gpu: \(gpu)" : ""
        let serviceLine = kind == "StatefulSet" ? "\n  serviceName: ${NAME}" : ""  // Deployments have no serviceName
        let text = """
            apiVersion: apps/v1
            kind: \(kind)
            metadata:
              name: ${NAME}
            spec:
              replicas: \(replicas)\(serviceLine)
              selector:
                matchLabels:
                  app: ${NAME}
              template:
                metadata:
                  labels:
                    app: ${NAME}
                spec:
                  containers:
                  - name: main
                    image: reg.local/app:1
                    resources:
                      requests:
                        cpu: 250m
                        memory: 256Mi\(gpuLine)
            ---
            kind: Template
            name: Placed
            description: a placed test service
            variables:
            - name: NAME
              default: placed
            placement:
              layer: \(layer)\(arch.map { "\n  arch: \($0)" } ?? "")\(tolerate.map { "\n  tolerate: [\($0)]" } ?? "")

            """
        return try Template.parse(text, file: "/nonexistent/placed.template.yaml")
    }

    func podNodes(_ f: DeployFixture, instance: String) throws -> [String] {
        let list = try f.client.list("/api/v1/namespaces/default/pods", query: ["labelSelector": "marvdash.io/instance=\(instance)"])
        return list.items.compactMap { $0.at("spec", "nodeName")?.stringValue }.filter { !$0.isEmpty }
    }

    @Test(arguments: ["Deployment", "StatefulSet"])
    func theClusterRunsPodsWhereTheDecisionSaid(kind: String) throws {
        let f = try DeployFixture()
        defer { f.close() }
        let result = try f.deployer.deploy(
            template: try Self.template(layer: "cloud", arch: "amd64", replicas: 3, kind: kind), name: "brokers", values: [:], namespace: "default",
            automatic: f.automatic, dryRun: false, placement: .auto)
        let decided = (result.placement["workloads"]?[0]?["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(decided.count == 3)
        #expect(Set(decided).count == 3)  // replicas spread over the three usable cloud nodes
        var nodes: [String] = []
        try f.wait("3 pods bound") {
            nodes = try podNodes(f, instance: "brokers")
            return nodes.count == 3
        }
        #expect(nodes.sorted() == decided.sorted())
        // The record keeps the decision; the workload carries the pin.
        let record = try #require(try f.deployer.record(name: "brokers", namespace: "default"))
        #expect(record.placement["mode"] == "auto")
        #expect(record.placement["policy"] == "spread")
        let path = kind == "Deployment" ? "/apis/apps/v1/namespaces/default/deployments/brokers" : "/apis/apps/v1/namespaces/default/statefulsets/brokers"
        let terms = try f.client.get(path).at(
            "spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
        #expect(terms?[0]?["matchExpressions"]?[0]?["key"] == "kubernetes.io/hostname")
    }

    @Test func aDedicatedEdgeNodeTakesOnlyWhatToleratesIt() throws {
        let f = try DeployFixture()
        defer { f.close() }
        // The only amd64 edge node with a GPU is grnedge1, tainted Layer=GRNEDGE1:NoSchedule (seed Listing 30).
        let plain = try Self.template(layer: "edge", arch: "amd64", gpu: 1, replicas: 1)
        #expect {
            try f.deployer.deploy(template: plain, name: "viad", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        } throws: { error in
            "\(error)".contains("had untolerated taint {Layer: GRNEDGE1}") && "\(error)".contains("--tolerate Layer=GRNEDGE1:NoSchedule")
                && "\(error)".hasSuffix("Nothing was deployed.")
        }
        // Left to the cluster's scheduler, the pod goes to another GPU node: the same taint keeps it off grnedge1.
        _ = try f.deployer.deploy(template: plain, name: "viad", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .none)
        var scheduled: [String] = []
        try f.wait("the pod bound") {
            scheduled = try podNodes(f, instance: "viad")
            return scheduled.count == 1
        }
        #expect(!scheduled.isEmpty && !scheduled.contains("grnedge1"))
        _ = try f.deployer.delete(name: "viad", namespace: "default")
        // The template declares the toleration (Listing 31): it lands there, placed or left to the scheduler.
        let tolerant = try Self.template(layer: "edge", arch: "amd64", gpu: 1, replicas: 1, tolerate: "Layer=GRNEDGE1:NoSchedule")
        let result = try f.deployer.deploy(
            template: tolerant, name: "viad-grn", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        #expect(result.placement["workloads"]?[0]?["nodes"] == ["grnedge1"])
        var nodes: [String] = []
        try f.wait("the pod bound") {
            nodes = try podNodes(f, instance: "viad-grn")
            return nodes.count == 1
        }
        #expect(nodes == ["grnedge1"])
        _ = try f.deployer.delete(name: "viad-grn", namespace: "default")
        // The operator tolerates it instead (--tolerate): the record keeps it, and an upgrade keeps tolerating.
        let request = PlacementRequest(mode: .auto, tolerations: [try PlacementToleration(parsing: "Layer=GRNEDGE1:NoSchedule")])
        let byOperator = try f.deployer.deploy(
            template: plain, name: "viad-op", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: request)
        #expect(byOperator.placement["workloads"]?[0]?["nodes"] == ["grnedge1"] && byOperator.placement["tolerate"] == ["Layer=GRNEDGE1:NoSchedule"])
        let up = try f.deployer.upgrade(name: "viad-op", namespace: "default", set: [:], automatic: f.automatic, template: plain)
        #expect(up.placement["workloads"]?[0]?["nodes"] == ["grnedge1"])
        let tolerations = try f.client.get("/apis/apps/v1/namespaces/default/deployments/viad-op").at("spec", "template", "spec", "tolerations")
        #expect(tolerations == [["key": "Layer", "operator": "Equal", "value": "GRNEDGE1", "effect": "NoSchedule"]])
    }

    @Test func oneTemplateWithLayerFromAVariablePlacesAtEachLayer() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let mosquitto = try Template.load(file: CatalogueDeployTests.templatesDirectory + "/mosquitto.template.yaml")
        for layer in ["edge", "fog", "cloud"] {
            let result = try f.deployer.deploy(
                template: mosquitto, name: "mqtt-\(layer)", values: ["LAYER": layer, "SITE": layer == "cloud" ? "PSNC" : "MT"], namespace: "default",
                automatic: f.automatic, dryRun: false, placement: .auto)
            let node = try #require(result.placement["workloads"]?[0]?["nodes"]?[0]?.stringValue)
            let expected = ["edge": ["mtedge1"], "fog": ["mtfog1"], "cloud": ["psnc-cloud2", "psnc-cloud3", "psnc-gpu1"]][layer] ?? []
            #expect(expected.contains(node), "LAYER=\(layer) placed on \(node)")
            #expect(result.placement["workloads"]?[0]?["layer"]?.stringValue == layer)
        }
        #expect {
            try f.deployer.deploy(
                template: mosquitto, name: "mqtt-moon", values: ["LAYER": "moon"], namespace: "default", automatic: f.automatic, dryRun: false,
                placement: .auto)
        } throws: { error in "\(error)".contains("LAYER must be") }
    }

    @Test func impossibleRequestsDeployNothing() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let cases: [(Template, String)] = [
            (try Self.template(layer: "cloud", gpu: 4, replicas: 1), "Insufficient nvidia.com/gpu"),
            (try Self.template(layer: "cloud", arch: "arm64", replicas: 1), "node(s) didn't have arch arm64"),
        ]
        for (template, reason) in cases {
            #expect {
                try f.deployer.deploy(template: template, name: "nope", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix("no node can run Deployment/nope: 0/11 nodes are available:") && text.contains(reason)
                    && text.hasSuffix("Nothing was deployed.")
            }
            #expect(try f.deployer.record(name: "nope", namespace: "default") == nil)
            #expect(!f.exists("/apis/apps/v1/namespaces/default/deployments/nope"))
        }
    }

    /// Deploys instance "sed" of a one-replica fog template, pinned by layer with policy pack.
    private static func deployFogPinnedSed(_ f: DeployFixture) throws -> Template {
        let template = try Self.template(layer: "fog", replicas: 1)
        _ = try f.deployer.deploy(
            template: template, name: "sed", values: [:], namespace: "default", automatic: f.automatic,
            dryRun: false, placement: PlacementRequest(mode: .layer, policy: .pack))
        return template
    }

    @Test func upgradeReplacesWithTheRecordedMode() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let template = try Self.deployFogPinnedSed(f)
        let up = try f.deployer.upgrade(name: "sed", namespace: "default", set: [:], automatic: f.automatic, template: template)
        #expect(up.placement["mode"] == "layer")
        #expect(up.placement["policy"] == "pack")
        let dep = try f.client.get("/apis/apps/v1/namespaces/default/deployments/sed")
        let req = dep.at("spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")?[0]?[
            "matchExpressions"]?[0]
        #expect(req?["key"] == "marvdash.io/layer")
        #expect(req?["values"] == ["fog"])
    }

    @Test func rollbackRestoresTheRevisionsPlacement() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let template = try Self.deployFogPinnedSed(f)
        let up = try f.deployer.upgrade(
            name: "sed", namespace: "default", set: [:], automatic: f.automatic, template: template, placement: .auto)
        #expect(up.placement["mode"] == "auto")
        let back = try f.deployer.rollback(name: "sed", namespace: "default", revision: 1)
        #expect(back.revision == 3)
        #expect(back.placement["mode"] == "layer")
        #expect(back.placement["policy"] == "pack")
        let record = try #require(try f.deployer.record(name: "sed", namespace: "default"))
        #expect(record.placement["mode"] == "layer")
        #expect(record.history[2]?.placement["mode"] == "auto")
        #expect(record.history[1]?.placement["mode"] == "layer")
    }

    @Test func simSchedulerSpreadsReplicasOfOneController() {
        func node(_ name: String) -> SchedulingNode {
            SchedulingNode(name: name, allocatable: ["cpu": Quantity(value: 4), "memory": Quantity(value: 8 << 30), "pods": Quantity(value: 110)])
        }
        var nodes = [node("a"), node("b")]
        let pod = SchedulingPod(requests: ["cpu": Quantity(milli: 100)], owner: "rs-1")
        // Two equal nodes: either may come first (kube-scheduler draws among ties), the second replica takes the other.
        guard case .bind(let first) = Scheduler().decide(pod, nodes: nodes), let i = nodes.firstIndex(where: { $0.name == first }) else {
            Issue.record("no node for the first replica")
            return
        }
        nodes[i].bind(pod.requests, owner: "rs-1")
        let j = 1 - i
        #expect(Scheduler().decide(pod, nodes: nodes) == .bind(node: nodes[j].name))
        // A pod of another controller does not count as a sibling: it goes where less is requested.
        let other = SchedulingPod(requests: ["cpu": Quantity(milli: 100)], owner: "rs-2")
        nodes[j].bind(pod.requests, owner: "rs-1")
        nodes[j].bind(pod.requests, owner: "rs-1")
        #expect(Scheduler().decide(other, nodes: nodes) == .bind(node: nodes[i].name))
    }
}
