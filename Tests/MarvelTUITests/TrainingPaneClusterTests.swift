import Foundation
import MarvelCore
import MarvelSim
import Testing

@testable import MarvelTUI

/// The pod follower over real HTTP against the embedded cluster.
@Suite struct TrainingPaneClusterTests {
    @Test func followsALabelledPodsLogStreamUntilThePodGoes() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "trainer-1", "namespace": "default", "labels": ["marvdash.io/metrics": "dynhp"]],
            "spec": ["containers": [["name": "trainer", "image": "reg.local/trainer:1",
                                     "resources": ["requests": ["cpu": "100m", "memory": "64Mi"]]]]],
        ]
        _ = try client.send(.post, "/api/v1/namespaces/default/pods", headers: [(name: "Content-Type", value: "application/json")],
                            body: pod.jsonBytes())
        let cache = testCache(client)
        cache.start()
        defer { cache.stop() }
        let sources = TrainingSources(files: [], cache: cache)
        let feed = sources.feed
        sources.start()
        defer { sources.stop() }
        let origin = RunOrigin.pod(namespace: "default", name: "trainer-1")
        #expect(eventually { feed.state(of: origin) == "following" }, "states: \(feed.sourceStates())")
        #expect(feed.state(of: .podList(server: cluster.serverURL)) == "following 1 training pod")
        #expect(feed.runs().isEmpty, "the pod prints no metrics lines")

        _ = try client.send(.delete, "/api/v1/namespaces/default/pods/trainer-1")
        #expect(eventually { ["gone", "ended"].contains { feed.state(of: origin)?.hasPrefix($0) == true } },
                "states: \(feed.sourceStates())")
    }
}
