import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// The controllers and the pod lifecycle, tick by tick on the MARVEL topology.
@Suite struct SimControllerTests {
    let fixture: SimFixture
    let reconciler: Ticker
    init() throws {
        fixture = try SimFixture()
        reconciler = Ticker(Reconciler(store: fixture.store))
    }

    func running(_ pods: [JSONValue]) -> [JSONValue] {
        pods.filter { $0.at("status", "phase") == "Running" && PodStatusProbe.ready($0) }
    }

    @Test func deploymentBecomesRunningPodsOnFeasibleNodes() throws {
        let yaml = deploymentYAML(
            "web", replicas: 3,
            extraSpec: "      nodeSelector: {marvdash.io/layer: fog}")
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/web", yaml).status == 201)
        #expect(reconciler.run { running(fixture.pods("marvel", prefix: "web-")).count == 3 })
        let pods = fixture.pods("marvel", prefix: "web-")
        #expect(pods.count == 3)
        for pod in pods {
            let name = pod.at("metadata", "name")?.stringValue ?? ""
            #expect(name.split(separator: "-").count == 3, "\(name) is web-<hash>-<suffix>")
            #expect(["grnfog1", "mtfog1", "unsfog1"].contains(pod.at("spec", "nodeName")?.stringValue ?? ""))
            #expect(pod.at("metadata", "ownerReferences")?[0]?["kind"] == "ReplicaSet")
            #expect(pod.at("metadata", "labels", "app") == "web")
            #expect(pod.at("status", "podIP")?.stringValue?.hasPrefix("10.") == true)
            #expect(pod.at("status", "hostIP")?.stringValue?.hasPrefix("10.20.") == true)
            #expect(pod.at("status", "startTime") != nil)
        }
        let d = try #require(fixture.store.get("deployments", namespace: "marvel", name: "web"))
        // The pods belong to the Deployment's one ReplicaSet, revision 1.
        let sets = fixture.store.list("replicasets", namespace: "marvel").items.filter { $0.name.hasPrefix("web-") }
        #expect(sets.count == 1)
        let rs = try #require(sets.first)
        #expect(rs.at("metadata", "ownerReferences")?[0]?["uid"] == d.at("metadata", "uid"))
        #expect(rs.at("metadata", "annotations", "deployment.kubernetes.io/revision") == "1")
        let hash = try #require(rs.at("metadata", "labels", "pod-template-hash")?.stringValue)
        #expect(rs.name == "web-\(hash)")
        #expect(pods.allSatisfy { $0.at("metadata", "ownerReferences")?[0]?["uid"] == rs.at("metadata", "uid") })
        #expect(pods.allSatisfy { $0.at("metadata", "labels", "pod-template-hash")?.stringValue == hash })
        #expect(reconciler.run {
            fixture.store.get("deployments", namespace: "marvel", name: "web")?.at("status", "readyReplicas") == 3
        })
        let status = try #require(fixture.store.get("deployments", namespace: "marvel", name: "web")?["status"])
        #expect(status["replicas"] == 3 && status["availableReplicas"] == 3 && status["observedGeneration"] == 1)
        #expect(status["conditions"]?[0]?["type"] == "Available" && status["conditions"]?[0]?["status"] == "True")
        #expect(d.at("metadata", "uid") != nil)
    }

    @Test func podsGoPendingThenContainerCreatingThenRunning() throws {
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/one", deploymentYAML("one", replicas: 1)).status == 201)
        reconciler.tick()  // creates the pod and binds it
        var pod = try #require(fixture.pods("marvel", prefix: "one-").first)
        #expect(pod.at("status", "phase") == "Pending")
        #expect(pod.at("spec", "nodeName") != nil)
        reconciler.tick()
        pod = try #require(fixture.pods("marvel", prefix: "one-").first)
        #expect(pod.at("status", "containerStatuses")?[0]?.at("state", "waiting", "reason") == "ContainerCreating")
        reconciler.tick()
        pod = try #require(fixture.pods("marvel", prefix: "one-").first)
        #expect(pod.at("status", "phase") == "Running")
        #expect(pod.at("status", "containerStatuses")?[0]?["ready"] == true)
        let reasons = fixture.store.list("events", namespace: "marvel").items.compactMap { $0["reason"]?.stringValue }
        #expect(reasons.contains("Scheduled") && reasons.contains("SuccessfulCreate"))
    }

    @Test func scalingAndCascadeDelete() throws {
        let path = "/apis/apps/v1/namespaces/marvel/deployments/web"
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 4)).status == 201)
        #expect(reconciler.run { running(fixture.pods("marvel", prefix: "web-")).count == 4 })
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 2)).status == 200)
        #expect(reconciler.run { fixture.pods("marvel", prefix: "web-").count == 2 })
        // A new template rolls the pods over to a new hash.
        let before = Set(fixture.pods("marvel", prefix: "web-").map { $0.at("metadata", "name")?.stringValue ?? "" })
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 2, image: "nginx:1.28")).status == 200)
        #expect(reconciler.run {
            let now = fixture.pods("marvel", prefix: "web-")
            return running(now).count == 2 && Set(now.map { $0.at("metadata", "name")?.stringValue ?? "" }).isDisjoint(with: before)
        })
        let deleted = try fixture.send("DELETE", "/apis/apps/v1/namespaces/marvel/deployments/web")
        #expect(deleted.status == 200)
        #expect(fixture.pods("marvel", prefix: "web-").isEmpty)
    }

    @Test func impossiblePodStaysPendingWithTheSchedulerReason() throws {
        let yaml = deploymentYAML("huge", replicas: 1, cpu: "64")
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/huge", yaml).status == 201)
        reconciler.tick()
        reconciler.tick()
        let pod = try #require(fixture.pods("marvel", prefix: "huge-").first)
        #expect(pod.at("status", "phase") == "Pending")
        #expect(pod.at("spec", "nodeName") == nil)
        let expected =
            "0/11 nodes are available: 1 node(s) had untolerated taint {Layer: GRNEDGE1}, "
            + "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
            + "1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 8 Insufficient cpu."
        let condition = pod.at("status", "conditions")?[0]
        #expect(condition?["type"] == "PodScheduled" && condition?["status"] == "False")
        #expect(condition?["reason"] == "Unschedulable")
        #expect(condition?["message"]?.stringValue == expected)
        let events = fixture.store.list("events", namespace: "marvel").items.filter {
            $0["reason"] == "FailedScheduling"
        }
        #expect(events.count == 1)
        #expect(events.first?["type"] == "Warning")
        #expect(events.first?["message"]?.stringValue == expected)
        #expect(events.first?.at("involvedObject", "name") == pod.at("metadata", "name"))
    }

    @Test func tolerationsLetPodsOntoTheTaintedEdge() throws {
        let yaml = deploymentYAML(
            "cam", replicas: 1,
            extraSpec: """
                      nodeSelector: {Layer: GRNEDGE1}
                      tolerations: [{key: Layer, operator: Equal, value: GRNEDGE1, effect: NoSchedule}]
                """)
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/cam", yaml).status == 201)
        #expect(reconciler.run { running(fixture.pods("marvel", prefix: "cam-")).count == 1 })
        #expect(fixture.pods("marvel", prefix: "cam-").first?.at("spec", "nodeName") == "grnedge1")
    }

    @Test func statefulSetPodsAreNumberedAndStartInOrder() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: kafka}
            spec:
              serviceName: kafka
              replicas: 3
              selector: {matchLabels: {app: kafka}}
              template:
                metadata: {labels: {app: kafka}}
                spec:
                  containers: [{name: kafka, image: "confluentinc/cp-kafka:7.6.1"}]
            """
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/statefulsets/kafka", yaml).status == 201)
        reconciler.tick()
        #expect(fixture.pods("marvel", prefix: "kafka-").map { $0.at("metadata", "name") } == ["kafka-0"])
        #expect(reconciler.run { running(fixture.pods("marvel", prefix: "kafka-")).count == 3 })
        #expect(fixture.pods("marvel", prefix: "kafka-").map { $0.at("metadata", "name") } == ["kafka-0", "kafka-1", "kafka-2"])
        #expect(reconciler.run {
            fixture.store.get("statefulsets", namespace: "marvel", name: "kafka")?.at("status", "readyReplicas") == 3
        })
    }

    @Test func daemonSetRunsOnEveryEligibleNode() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  nodeSelector: {marvdash.io/layer: edge}
                  containers: [{name: agent, image: "busybox:1.36"}]
            """
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/daemonsets/agent", yaml).status == 201)
        // Edge nodes: grnedge1 (tainted), mtedge1, mtedge2 (unreachable), unsedge1.
        #expect(reconciler.run { running(fixture.pods("marvel", prefix: "agent-")).count == 2 })
        let nodes = Set(fixture.pods("marvel", prefix: "agent-").compactMap { $0.at("spec", "nodeName")?.stringValue })
        #expect(nodes == ["mtedge1", "unsedge1"])
        #expect(reconciler.run {
            fixture.store.get("daemonsets", namespace: "marvel", name: "agent")?.at("status", "numberReady") == 2
        })
        #expect(fixture.store.get("daemonsets", namespace: "marvel", name: "agent")?.at("status", "desiredNumberScheduled") == 2)
    }

    @Test func jobPodsCompleteAndTheJobIsComplete() throws {
        let yaml = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: train}
            spec:
              completions: 2
              parallelism: 1
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: train, image: "marvel/dynhp-trainer:1.0"}]
            """
        #expect(try fixture.apply("/apis/batch/v1/namespaces/marvel/jobs/train", yaml).status == 201)
        #expect(reconciler.run(limit: 40) {
            fixture.store.get("jobs", namespace: "marvel", name: "train")?.at("status", "succeeded") == 2
        })
        let job = try #require(fixture.store.get("jobs", namespace: "marvel", name: "train"))
        let types = (job.at("status", "conditions")?.arrayValue ?? []).compactMap { $0["type"]?.stringValue }
        #expect(types.contains("Complete"))
        #expect(job.at("status", "completionTime") != nil)
        let pods = fixture.pods("marvel", prefix: "train-")
        #expect(pods.count == 2)
        #expect(pods.allSatisfy { $0.at("status", "phase") == "Succeeded" })
        #expect(pods.allSatisfy { $0.at("metadata", "labels", "job-name") == "train" })
        #expect(pods.first?.at("status", "containerStatuses")?[0]?.at("state", "terminated", "reason") == "Completed")
    }

    @Test func bareAppliedPodIsScheduledAndStarted() throws {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: solo}
            spec:
              containers: [{name: solo, image: "eclipse-mosquitto:2.0.18", resources: {requests: {nvidia.com/gpu: "2"}}}]
            """
        #expect(try fixture.apply("/api/v1/namespaces/marvel/pods/solo", yaml).status == 201)
        #expect(reconciler.run { running(fixture.pods("marvel", prefix: "solo")).count == 1 })
        // Two GPUs: psnc-gpu1 and unsfog1 have them; unsfog1 has more free cpu and memory? Both fit; one is chosen.
        let node = fixture.pods("marvel", prefix: "solo").first?.at("spec", "nodeName")?.stringValue ?? ""
        #expect(["psnc-gpu1", "unsfog1"].contains(node))
    }
}

/// Readiness of a pod object, as the tests read it.
enum PodStatusProbe {
    static func ready(_ pod: JSONValue) -> Bool {
        (pod.at("status", "conditions")?.arrayValue ?? []).contains { $0["type"] == "Ready" && $0["status"] == "True" }
    }
}

/// An idle cluster stays quiet: ticks write nothing when nothing changed.
@Suite struct SimControllerIdleTests {
    @Test func ticksOnASettledClusterWriteNothing() throws {
        let fixture = try SimFixture()
        let ticker = Ticker(Reconciler(store: fixture.store))
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/web", deploymentYAML("web", replicas: 2)).status == 201)
        #expect(ticker.run { fixture.store.get("deployments", namespace: "marvel", name: "web")?.at("status", "readyReplicas") == 2 })
        ticker.tick()
        let settled = fixture.store.resourceVersion
        for _ in 0..<5 { ticker.tick() }
        #expect(fixture.store.resourceVersion == settled)
    }
}

/// Events of a pod are found the way kubectl describe finds them.
@Suite struct SimEventQueryTests {
    @Test func eventsSelectByInvolvedObjectAndShowAsATable() throws {
        let fixture = try SimFixture()
        let ticker = Ticker(Reconciler(store: fixture.store))
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/huge", deploymentYAML("huge", replicas: 1, cpu: "64")).status == 201)
        ticker.tick()
        let pod = try #require(fixture.pods("marvel", prefix: "huge-").first?.at("metadata", "name")?.stringValue)
        let list = try fixture.get(
            "/api/v1/namespaces/marvel/events",
            query: ["fieldSelector": "involvedObject.name=\(pod),involvedObject.kind=Pod,type=Warning"]
        ).json
        #expect(list.items.count == 1)
        #expect(list.items.first?["reason"] == "FailedScheduling")
        let table = try fixture.get("/api/v1/namespaces/marvel/events", accept: kubectlTableAccept).json
        let names = (table["columnDefinitions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names.prefix(5) == ["Last Seen", "Type", "Reason", "Object", "Message"])
        let row = (table["rows"]?.arrayValue ?? []).first { $0["cells"]?[2] == "FailedScheduling" }
        #expect(row?["cells"]?[3]?.stringValue == "pod/\(pod)")
    }

    @Test func workloadTablesShowReadyCounts() throws {
        let fixture = try SimFixture()
        let ticker = Ticker(Reconciler(store: fixture.store))
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/web", deploymentYAML("web", replicas: 2)).status == 201)
        #expect(ticker.run { fixture.store.get("deployments", namespace: "marvel", name: "web")?.at("status", "readyReplicas") == 2 })
        let table = try fixture.get("/apis/apps/v1/namespaces/marvel/deployments", accept: kubectlTableAccept).json
        let names = (table["columnDefinitions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(names == ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"])
        let row = try #require((table["rows"]?.arrayValue ?? []).first { $0["cells"]?[0] == "web" })
        #expect(row["cells"]?[1] == "2/2")
        #expect(row["cells"]?[5] == "main" && row["cells"]?[6] == "nginx:1.27" && row["cells"]?[7] == "app=web")
    }
}
