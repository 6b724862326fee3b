import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// Deployments through their ReplicaSets, tick by tick: rolling updates,
/// revisions, undo and history limits; DaemonSets and StatefulSets with
/// their ControllerRevisions.
@Suite struct SimRolloutTests {
    let fixture: SimFixture
    let ticker: Ticker
    init() throws {
        fixture = try SimFixture()
        ticker = Ticker(Reconciler(store: fixture.store))
    }

    let path = "/apis/apps/v1/namespaces/marvel/deployments/web"

    func sets(_ prefix: String = "web-") -> [JSONValue] {
        fixture.store.list("replicasets", namespace: "marvel").items.filter { $0.name.hasPrefix(prefix) }
    }

    func revision(_ object: JSONValue?) -> String? {
        object?.at("metadata", "annotations", "deployment.kubernetes.io/revision")?.stringValue
    }

    func deployment() -> JSONValue? { fixture.store.get("deployments", namespace: "marvel", name: "web") }

    func rolledOut(_ replicas: Int) -> Bool {
        guard let d = deployment(), let s = d["status"] else { return false }
        return s["updatedReplicas"]?.intValue == replicas && s["availableReplicas"]?.intValue == replicas
            && s["replicas"]?.intValue == replicas && s["observedGeneration"] == d.at("metadata", "generation")
    }

    func images(_ pods: [JSONValue]) -> Set<String> {
        Set(pods.compactMap { $0.at("spec", "containers")?[0]?["image"]?.stringValue })
    }

    @Test func seededSystemControllersOwnTheSystemPodsAndLeaveThemAlone() throws {
        let before = fixture.store.list("pods", namespace: "kube-system").items
        let dns = try #require(fixture.store.get("deployments", namespace: "kube-system", name: "coredns"))
        let rs = try #require(fixture.store.list("replicasets", namespace: "kube-system").items.first { $0.name.hasPrefix("coredns-") })
        #expect(rs.at("metadata", "ownerReferences")?[0]?["uid"] == dns.at("metadata", "uid"))
        let proxy = try #require(fixture.store.get("daemonsets", namespace: "kube-system", name: "kube-proxy"))
        let proxyPods = before.filter { $0.name.hasPrefix("kube-proxy-") }
        #expect(proxyPods.count == fixture.store.count("nodes"))
        #expect(proxyPods.allSatisfy { $0.at("metadata", "ownerReferences")?[0]?["uid"] == proxy.at("metadata", "uid") })
        for _ in 0..<4 { ticker.tick() }
        let after = fixture.store.list("pods", namespace: "kube-system").items
        #expect(Set(after.map { $0.at("metadata", "uid") }) == Set(before.map { $0.at("metadata", "uid") }))
        let status = fixture.store.get("daemonsets", namespace: "kube-system", name: "kube-proxy")?["status"]
        #expect(status?["desiredNumberScheduled"] == .int(fixture.store.count("nodes")))
        #expect(status?["updatedNumberScheduled"] == .int(fixture.store.count("nodes")))
        #expect(fixture.store.get("deployments", namespace: "kube-system", name: "coredns")?.at("status", "readyReplicas") == 2)
        let revisions = fixture.store.list("controllerrevisions", namespace: "kube-system").items
        #expect(revisions.contains { $0.name.hasPrefix("kube-proxy-") && $0["revision"] == 1 })
        // And then the seeded cluster is quiet: ticks write nothing.
        let settled = fixture.store.resourceVersion
        for _ in 0..<3 { ticker.tick() }
        #expect(fixture.store.resourceVersion == settled)
    }

    @Test func aNewTemplateRollsOutWithinSurgeAndUnavailability() throws {
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 4)).status == 201)
        #expect(ticker.run(limit: 30) { rolledOut(4) })
        #expect(revision(deployment()) == "1")
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 4, image: "nginx:1.28")).status == 200)
        // 25% of 4: at most one pod above 4, at most one of the 4 unavailable, at every step.
        var sawBoth = false
        let done = ticker.run(limit: 80) {
            let pods = fixture.pods("marvel", prefix: "web-")
            let ready = pods.filter(PodStatusProbe.ready).count
            #expect(pods.count <= 5, "\(pods.count) pods")
            #expect(ready >= 3, "only \(ready) ready")
            if images(pods) == ["nginx:1.27", "nginx:1.28"] { sawBoth = true }
            return rolledOut(4) && images(fixture.pods("marvel", prefix: "web-")) == ["nginx:1.28"]
        }
        #expect(done)
        #expect(sawBoth)
        let all = sets()
        #expect(all.count == 2)
        let new = try #require(all.first { revision($0) == "2" })
        let old = try #require(all.first { revision($0) == "1" })
        #expect(new.at("spec", "replicas") == 4 && old.at("spec", "replicas") == 0)
        #expect(revision(deployment()) == "2")
        let conditions = deployment()?.at("status", "conditions")?.arrayValue ?? []
        #expect(conditions.contains { $0["type"] == "Progressing" && $0["reason"] == "NewReplicaSetAvailable" })
        let events = fixture.store.list("events", namespace: "marvel").items.compactMap { $0["message"]?.stringValue }
        #expect(events.contains("Scaled up replica set \(new.name) to 1 from 0"))
        #expect(events.contains("Scaled down replica set \(old.name) to 0 from 1"))
    }

    @Test func goingBackToAnOldTemplateReusesItsReplicaSetAsTheNewestRevision() throws {
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 2)).status == 201)
        #expect(ticker.run(limit: 30) { rolledOut(2) })
        let first = try #require(sets().first)
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 2, image: "nginx:1.28")).status == 200)
        #expect(ticker.run(limit: 60) { rolledOut(2) && images(fixture.pods("marvel", prefix: "web-")) == ["nginx:1.28"] })
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 2)).status == 200)
        #expect(ticker.run(limit: 60) { rolledOut(2) && images(fixture.pods("marvel", prefix: "web-")) == ["nginx:1.27"] })
        #expect(sets().count == 2)
        let reused = try #require(fixture.store.get("replicasets", namespace: "marvel", name: first.name))
        #expect(reused.at("metadata", "uid") == first.at("metadata", "uid"))
        #expect(revision(reused) == "3")
        #expect(reused.at("metadata", "annotations", "deployment.kubernetes.io/revision-history") == "1")
        #expect(revision(deployment()) == "3")
        let hash = reused.at("metadata", "labels", "pod-template-hash")
        #expect(fixture.pods("marvel", prefix: "web-").allSatisfy { $0.at("metadata", "labels", "pod-template-hash") == hash })
    }

    @Test func oldReplicaSetsBeyondTheHistoryLimitAreDeleted() throws {
        for (i, image) in ["nginx:1.25", "nginx:1.26", "nginx:1.27"].enumerated() {
            let yaml = deploymentYAML("web", replicas: 1, image: image).replacingOccurrences(
                of: "spec:\n  replicas: 1", with: "spec:\n  revisionHistoryLimit: 1\n  replicas: 1")
            #expect(try fixture.apply(path, yaml).status == (i == 0 ? 201 : 200))
            #expect(ticker.run(limit: 40) { rolledOut(1) && images(fixture.pods("marvel", prefix: "web-")) == [image] })
        }
        #expect(ticker.run { sets().count == 2 })
        #expect(Set(sets().compactMap { revision($0) }) == ["2", "3"])
    }

    @Test func recreateStopsEveryOldPodBeforeStartingNewOnes() throws {
        let recreate = { (image: String) in
            deploymentYAML("web", replicas: 3, image: image).replacingOccurrences(
                of: "spec:\n  replicas: 3", with: "spec:\n  strategy: {type: Recreate}\n  replicas: 3")
        }
        #expect(try fixture.apply(path, recreate("nginx:1.27")).status == 201)
        #expect(ticker.run(limit: 30) { rolledOut(3) })
        #expect(try fixture.apply(path, recreate("nginx:1.28")).status == 200)
        let done = ticker.run(limit: 40) {
            #expect(images(fixture.pods("marvel", prefix: "web-")).count <= 1, "old and new pods at once")
            return rolledOut(3) && images(fixture.pods("marvel", prefix: "web-")) == ["nginx:1.28"]
        }
        #expect(done)
    }

    @Test func scalingKeepsTheReplicaSetAndItsRevision() throws {
        #expect(try fixture.apply(path, deploymentYAML("web", replicas: 1)).status == 201)
        #expect(ticker.run(limit: 30) { rolledOut(1) })
        let scaled = try fixture.send(
            "PATCH", path + "/scale", contentType: "application/merge-patch+json", body: #"{"spec":{"replicas":3}}"#)
        #expect(scaled.status == 200)
        #expect(ticker.run(limit: 30) { rolledOut(3) })
        #expect(sets().count == 1)
        #expect(revision(deployment()) == "1")
        #expect(sets().first?.at("metadata", "annotations", "deployment.kubernetes.io/desired-replicas") == "3")
    }

    @Test func daemonSetsRollNodeByNodeAndKeepRevisions() throws {
        let ds = { (image: String) in
            """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  nodeSelector: {marvdash.io/layer: fog}
                  containers: [{name: agent, image: "\(image)"}]
            """
        }
        let dsPath = "/apis/apps/v1/namespaces/marvel/daemonsets/agent"
        #expect(try fixture.apply(dsPath, ds("busybox:1.36")).status == 201)
        func status() -> JSONValue? { fixture.store.get("daemonsets", namespace: "marvel", name: "agent")?["status"] }
        #expect(ticker.run(limit: 30) { status()?["numberAvailable"] == 3 && status()?["updatedNumberScheduled"] == 3 })
        #expect(Set(fixture.pods("marvel", prefix: "agent-").compactMap { $0.at("spec", "nodeName")?.stringValue }) == ["grnfog1", "mtfog1", "unsfog1"])
        #expect(try fixture.apply(dsPath, ds("busybox:1.37")).status == 200)
        let done = ticker.run(limit: 60) {
            let available = status()?["numberAvailable"]?.intValue ?? 0
            #expect(available >= 2, "more than one node without its daemon pod")
            return status()?["updatedNumberScheduled"] == 3 && status()?["numberAvailable"] == 3
                && images(fixture.pods("marvel", prefix: "agent-")) == ["busybox:1.37"]
        }
        #expect(done)
        let revisions = fixture.store.list("controllerrevisions", namespace: "marvel").items.filter { $0.name.hasPrefix("agent-") }
        #expect(revisions.compactMap { $0["revision"]?.intValue }.sorted() == [1, 2])
        let latest = try #require(revisions.first { $0["revision"] == 2 })
        #expect(latest.at("data", "spec", "template", "$patch") == "replace")
        #expect(latest.at("data", "spec", "template", "spec", "containers")?[0]?["image"] == "busybox:1.37")
    }

    @Test func statefulSetsMakeClaimsAndRollFromTheHighestOrdinal() throws {
        let sts = { (image: String) in
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 2
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  containers: [{name: db, image: "\(image)"}]
              volumeClaimTemplates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            """
        }
        let stsPath = "/apis/apps/v1/namespaces/marvel/statefulsets/db"
        #expect(try fixture.apply(stsPath, sts("postgres:16")).status == 201)
        func status() -> JSONValue? { fixture.store.get("statefulsets", namespace: "marvel", name: "db")?["status"] }
        #expect(ticker.run(limit: 30) { status()?["readyReplicas"] == 2 })
        let claims = fixture.store.list("persistentvolumeclaims", namespace: "marvel").items.map(\.name)
        #expect(Set(claims).isSuperset(of: ["data-db-0", "data-db-1"]))
        let pod0 = try #require(fixture.store.get("pods", namespace: "marvel", name: "db-0"))
        #expect(pod0.at("spec", "volumes")?[0]?.at("persistentVolumeClaim", "claimName") == "data-db-0")
        let firstRevision = try #require(status()?["updateRevision"]?.stringValue)
        #expect(try fixture.apply(stsPath, sts("postgres:17")).status == 200)
        var order: [String] = []
        let done = ticker.run(limit: 60) {
            for name in ["db-0", "db-1"] where !order.contains(name) {
                let image = fixture.store.get("pods", namespace: "marvel", name: name)?.at("spec", "containers")?[0]?["image"]
                if image == "postgres:17" { order.append(name) }
            }
            return status()?["updateRevision"]?.stringValue != firstRevision && status()?["updatedReplicas"] == 2
                && status()?["readyReplicas"] == 2 && status()?["currentRevision"] == status()?["updateRevision"]
        }
        #expect(done)
        #expect(order == ["db-1", "db-0"])
        #expect(status()?["updateRevision"]?.stringValue != firstRevision)
    }
}
