import Foundation
import MarvelCore
import MarvelSim
import Testing

/// marvdash's placer and a claim bound to a local volume: once the claim has bound on
/// the node of its first pod, an upgrade re-places the workload on that node only.
@Suite struct DeployVolumePlacementTests {
    /// A fog database with a claim named after the instance.
    static func template() throws -> Template {
        let text = """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: ${NAME}-data
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Gi
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${NAME}
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: ${NAME}
              template:
                metadata:
                  labels:
                    app: ${NAME}
                spec:
                  containers:
                  - name: db
                    image: reg.local/postgres:16
                    resources:
                      requests:
                        cpu: ${CPU}
                        memory: 256Mi
                  volumes:
                  - name: data
                    persistentVolumeClaim:
                      claimName: ${NAME}-data
            ---
            kind: Template
            name: Store
            description: a database with a volume
            variables:
            - name: NAME
              default: store
            - name: CPU
              default: 250m
            placement:
              layer: fog

            """
        return try Template.parse(text, file: "/nonexistent/store.template.yaml")
    }

    /// A deployment that takes `cpu` of `node`, so spreading would now prefer another fog node.
    static func hog(on node: String, cpu: String) -> String {
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"hog"},"spec":{"replicas":1,
         "selector":{"matchLabels":{"app":"hog"}},"template":{"metadata":{"labels":{"app":"hog"}},
         "spec":{"nodeName":"\(node)","containers":[{"name":"hog","image":"busybox","resources":{"requests":{"cpu":"\(cpu)"}}}]}}}}
        """
    }

    /// All of `node`'s free cpu but 600m (room for the upgrade's 300m next to the old 250m), in millicores.
    static func nearlyAllFreeCPU(of node: String, _ f: DeployFixture) throws -> String {
        let allocatable = try Node(json: try f.client.get("/api/v1/nodes/\(node)")).allocatable["cpu", default: .zero]
        let pods = try f.client.list("/api/v1/pods").items.filter { $0.at("spec", "nodeName")?.stringValue == node }
        let requested = NodeInventory.requests(of: try pods.map { try Pod(json: $0) })["cpu", default: .zero]
        let free = (allocatable.nanos - requested.nanos) / 1_000_000
        return "\(max(0, free - 600))m"
    }

    @Test func anUpgradeKeepsTheWorkloadOnItsVolumesNode() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let first = try f.deployer.deploy(
            template: try Self.template(), name: "store", values: [:], namespace: "default", automatic: f.automatic, dryRun: false,
            placement: .auto)
        let node = try #require(first.placement["workloads"]?[0]?["nodes"]?[0]?.stringValue)
        try f.wait("the claim bound") {
            try f.client.get("/api/v1/namespaces/default/persistentvolumeclaims/store-data").at("status", "phase")?.stringValue == "Bound"
        }
        let volume = try f.client.get("/api/v1/namespaces/default/persistentvolumeclaims/store-data").at("spec", "volumeName")?.stringValue ?? ""
        let pv = try f.client.get("/api/v1/persistentvolumes/\(volume)")
        #expect(pv.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]?["values"] == [.string(node)])

        _ = try f.client.send(
            .post, "/apis/apps/v1/namespaces/default/deployments", headers: [(name: "Content-Type", value: "application/json")],
            body: Array(Self.hog(on: node, cpu: try Self.nearlyAllFreeCPU(of: node, f)).utf8))
        try f.wait("the hog's pod on \(node)") {
            try f.client.list("/api/v1/namespaces/default/pods", query: ["labelSelector": "app=hog"]).items
                .contains { $0.at("spec", "nodeName")?.stringValue == node }
        }
        // Without the volume, a database a little bigger than the room left goes to another fog node.
        let elsewhere = try f.deployer.previewPlacement(
            template: try Self.template(), name: "other", values: ["CPU": "700m"], namespace: "default", automatic: f.automatic, request: .auto)
        #expect(elsewhere.workloads.first?.nodes.first != node)

        let upgraded = try f.deployer.upgrade(
            name: "store", namespace: "default", set: ["CPU": "300m"], automatic: f.automatic, template: try Self.template())
        #expect(upgraded.placement["workloads"]?[0]?["nodes"] == [.string(node)])
        let summary = upgraded.placement["workloads"]?[0]?["summary"]?.stringValue ?? ""
        #expect(summary.contains("node(s) had volume node affinity conflict"), "\(summary)")
        let pinned = try f.client.get("/apis/apps/v1/namespaces/default/deployments/store")
        let terms = pinned.at("spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
        #expect(terms?[0]?["matchExpressions"]?[0]?["values"] == [.string(node)])
    }
}
