import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// kubectl's workload verbs against one embedded cluster: server-side apply,
/// get of several resources, logs and delete.
@Suite(.serialized) struct KubectlWorkloadTests {
    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: broker
          namespace: marvel
        spec:
          replicas: 2
          selector:
            matchLabels: {app: broker}
          template:
            metadata:
              labels: {app: broker}
            spec:
              nodeSelector: {marvdash.io/layer: cloud}
              containers:
              - name: mosquitto
                image: eclipse-mosquitto:2.0.18
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: broker
          namespace: marvel
        spec:
          selector: {app: broker}
          ports:
          - port: 1883
        """

    /// A cluster, a kubeconfig and a manifest file in a private folder.
    final class Session {
        let cluster: EmbeddedCluster
        let dir: URL
        var config: String { dir.appendingPathComponent("kubeconfig").path }
        var manifest: String { dir.appendingPathComponent("deploy.yaml").path }

        init() throws {
            cluster = try EmbeddedCluster.start()
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-kubectl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try cluster.writeKubeconfig(to: config)
            try KubectlWorkloadTests.manifest.write(toFile: manifest, atomically: true, encoding: .utf8)
        }

        func close() {
            cluster.stop()
            try? FileManager.default.removeItem(at: dir)
        }

        func kubectl(_ args: [String]) throws -> KubectlRunner.Run {
            try KubectlRunner(kubeconfig: config, workDirectory: dir).run(args)
        }

        /// Waits (generous deadline) for `ready` to hold on the store's changes.
        func waitFor(_ ready: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while !ready() {
                let rv = cluster.store.resourceVersion
                if Date() > deadline { return false }
                _ = cluster.store.waitForChange(after: rv, until: min(deadline, Date().addingTimeInterval(1)))
            }
            return true
        }

        var brokerPods: [JSONValue] {
            cluster.store.list("pods", namespace: "marvel").items.filter {
                ($0.at("metadata", "name")?.stringValue ?? "").hasPrefix("broker-")
            }
        }
    }

    @Test func applyGetLogsDelete() throws {
        let s = try Session()
        defer { s.close() }

        // /openapi/v3 tells kubectl the server validates fields itself, so no --validate=false is needed.
        let apply = try s.kubectl(["apply", "--server-side", "-f", s.manifest])
        try #require(apply.status == 0, "kubectl apply failed: \(apply.stderr)")
        #expect(apply.stdout.contains("deployment.apps/broker serverside-applied"), "\(apply.stdout)")
        #expect(apply.stdout.contains("service/broker serverside-applied"), "\(apply.stdout)")
        #expect(s.waitFor { s.brokerPods.filter { PodStatusProbe.ready($0) }.count == 2 })
        #expect(s.waitFor {
            s.cluster.store.get("deployments", namespace: "marvel", name: "broker")?.at("status", "readyReplicas") == 2
        })

        let get = try s.kubectl(["get", "deploy,svc,pods", "-n", "marvel"])
        #expect(get.status == 0, "kubectl get failed: \(get.stderr)")
        let lines = get.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines.contains { $0.first == "NAME" && $0.contains("UP-TO-DATE") }, "\(get.stdout)")
        #expect(lines.contains { $0.first == "deployment.apps/broker" && $0.dropFirst().first == "2/2" }, "\(get.stdout)")
        #expect(lines.contains { $0.first == "service/broker" && $0.contains("ClusterIP") && $0.contains("1883/TCP") })
        let podLines = lines.filter { $0.first?.hasPrefix("pod/broker-") ?? false }
        #expect(podLines.count == 2 && podLines.allSatisfy { $0.contains("1/1") && $0.contains("Running") })

        let scale = try s.kubectl(["scale", "-n", "marvel", "deployment/broker", "--replicas=3"])
        #expect(scale.status == 0, "kubectl scale failed: \(scale.stderr)")
        #expect(s.waitFor { s.brokerPods.filter { PodStatusProbe.ready($0) }.count == 3 })

        let pod = try #require(s.brokerPods.first?.at("metadata", "name")?.stringValue)
        let logs = try s.kubectl(["logs", "-n", "marvel", pod])
        #expect(logs.status == 0, "kubectl logs failed: \(logs.stderr)")
        #expect(logs.stdout.contains("mosquitto version 2.0.18 running"), "\(logs.stdout)")

        let delete = try s.kubectl(["delete", "-f", s.manifest])
        #expect(delete.status == 0, "kubectl delete failed: \(delete.stderr)")
        #expect(delete.stdout.contains("deployment.apps \"broker\" deleted"), "\(delete.stdout)")
        #expect(s.cluster.store.get("deployments", namespace: "marvel", name: "broker") == nil)
        #expect(s.brokerPods.isEmpty)
    }
}
