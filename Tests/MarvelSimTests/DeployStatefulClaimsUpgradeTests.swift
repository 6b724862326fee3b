import Foundation
import MarvelCore
import MarvelSim
import Testing

/// A StatefulSet whose ordinals' claims (from `volumeClaimTemplates`) are bound
/// to local volumes: an upgrade that re-places it under another policy keeps
/// every bound ordinal on its volume's node, so every replica runs again.
@Suite struct DeployStatefulClaimsUpgradeTests {
    static func template() throws -> Template {
        try Template.parse("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: ${NAME}
            spec:
              serviceName: ${NAME}
              replicas: ${REPLICAS}
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
                    image: reg.local/kafka:3
                    resources:
                      requests:
                        cpu: ${CPU}
                        memory: 128Mi
                    volumeMounts:
                    - name: data
                      mountPath: /data
              volumeClaimTemplates:
              - metadata:
                  name: data
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
            ---
            kind: Template
            name: Brokers
            description: brokers keeping their logs in claims
            variables:
            - name: NAME
              default: brokers
            - name: REPLICAS
              default: 3
            - name: CPU
              default: 100m
            placement:
              layer: fog

            """, file: "/nonexistent/brokers.template.yaml")
    }

    /// Ordinal → the node of the local volume its claim `data-brokers-<ordinal>` is bound to.
    static func boundNodes(_ f: DeployFixture, replicas: Int) throws -> [Int: String] {
        var out: [Int: String] = [:]
        for ordinal in 0..<replicas {
            let claim = try f.client.get("/api/v1/namespaces/default/persistentvolumeclaims/data-brokers-\(ordinal)")
            guard claim.at("status", "phase")?.stringValue == "Bound", let volume = claim.at("spec", "volumeName")?.stringValue else { continue }
            let pv = try f.client.get("/api/v1/persistentvolumes/\(volume)")
            let values = pv.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]?["values"]
            if let node = values?[0]?.stringValue { out[ordinal] = node }
        }
        return out
    }

    /// Whether every pod `brokers-0…` up to `replicas` runs with `cpu` on the node its claim is bound to.
    static func allRunning(_ f: DeployFixture, replicas: Int, cpu: String) throws -> Bool {
        let bound = try boundNodes(f, replicas: replicas)
        guard bound.count == replicas else { return false }
        for ordinal in 0..<replicas {
            let pod = try f.client.get("/api/v1/namespaces/default/pods/brokers-\(ordinal)")
            guard pod.at("status", "phase")?.stringValue == "Running",
                pod.at("spec", "containers")?[0]?.at("resources", "requests", "cpu")?.stringValue == cpu,
                pod.at("spec", "nodeName")?.stringValue == bound[ordinal]
            else { return false }
        }
        return true
    }

    @Test func anUpgradeUnderPackKeepsEveryBoundOrdinalOnItsVolumesNode() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(
            template: try Self.template(), name: "brokers", values: [:], namespace: "default", automatic: f.automatic, dryRun: false,
            placement: PlacementRequest(mode: .auto, policy: .spread))
        try f.wait("three brokers running on their claims' nodes") { try Self.allRunning(f, replicas: 3, cpu: "100m") }
        let before = try Self.boundNodes(f, replicas: 3)
        #expect(Set(before.values).count > 1, "spread put the brokers on \(before)")

        // Pack would put every broker on one node; the bound claims keep each where its data is.
        let upgraded = try f.deployer.upgrade(
            name: "brokers", namespace: "default", set: ["CPU": "150m"], automatic: f.automatic, template: try Self.template(),
            placement: PlacementRequest(mode: .auto, policy: .pack))
        let planned = upgraded.placement["workloads"]?[0]?["nodes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(planned == (0..<3).compactMap { before[$0] })
        try f.wait("three upgraded brokers running") { try Self.allRunning(f, replicas: 3, cpu: "150m") }

        // A scale-up's new ordinal has no claim yet and is placed freely (pack: next to another broker).
        let scaled = try f.deployer.upgrade(
            name: "brokers", namespace: "default", set: ["REPLICAS": "4"], automatic: f.automatic, template: try Self.template(),
            placement: PlacementRequest(mode: .auto, policy: .pack))
        let nodes = scaled.placement["workloads"]?[0]?["nodes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(nodes.count == 4 && Array(nodes.prefix(3)) == planned)
        try f.wait("four brokers running") { try Self.allRunning(f, replicas: 4, cpu: "150m") }
        let events = try f.client.list("/api/v1/namespaces/default/events").items.compactMap { $0["message"]?.stringValue }
        #expect(!events.contains { $0.contains("volume node affinity conflict") }, "\(events)")
    }
}
