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

    /// A session with the manifest written to `deploy.yaml`.
    final class Session {
        let base: KubectlSession
        let manifest: String
        var cluster: EmbeddedCluster { base.cluster }
        var dir: URL { base.dir }
        var config: String { base.config }

        init() throws {
            base = try KubectlSession()
            manifest = try base.write("deploy.yaml", KubectlWorkloadTests.manifest)
        }

        func close() { base.close() }
        func kubectl(_ args: [String]) throws -> KubectlRunner.Run { try base.kubectl(args) }
        func waitFor(_ ready: () -> Bool) -> Bool { base.waitFor(ready) }
        var brokerPods: [JSONValue] { base.pods("marvel", prefix: "broker-") }
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
