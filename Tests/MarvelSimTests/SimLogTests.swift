import Foundation
import MarvelCore
import MarvelNet
import Synchronization
import Testing

@testable import MarvelSim

/// Collects what a streamed response writes; can hang up like a client that leaves.
final class CollectingSink: ChunkSink {
    private let state = Mutex((text: "", open: true))
    private let wrote = DispatchSemaphore(value: 0)

    func write(_ bytes: [UInt8]) -> Bool {
        let open = state.withLock { s -> Bool in
            if s.open { s.text += String(decoding: bytes, as: UTF8.self) }
            return s.open
        }
        if !bytes.isEmpty { wrote.signal() }
        return open
    }

    var text: String { state.withLock { $0.text } }
    func hangUp() { state.withLock { $0.open = false } }

    /// Waits (with a generous deadline) until the text holds `count` lines.
    func waitForLines(_ count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while text.split(separator: "\n").count < count {
            if wrote.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow)) == .timedOut { return false }
        }
        return true
    }
}

/// Pod logs: plausible lines per image, tail, timestamps, errors and follow.
@Suite struct SimLogTests {
    let cluster: ClockedCluster
    var clock: TestBox<Date> { cluster.clock }
    var store: ClusterStore { cluster.store }
    var handler: KubeAPIHandler { cluster.handler }
    var ticker: Ticker { cluster.ticker }

    init() throws { cluster = try ClockedCluster() }

    func request(_ path: String, _ query: [String: String] = [:], method: String = "GET", body: String = "",
                 contentType: String = "application/apply-patch+yaml") -> ServerResponse {
        handler.handle(ServerRequest(
            method: method, path: path, query: query, headers: ["content-type": contentType], body: Array(body.utf8)))
    }

    func text(_ response: ServerResponse) -> String {
        guard case .bytes(let b) = response.body else { return "<stream>" }
        return String(decoding: b, as: UTF8.self)
    }

    /// Applies a one-pod deployment of `image` and ticks until its pod runs; returns the pod's name.
    func runPod(image: String) throws -> String {
        let r = request(
            "/apis/apps/v1/namespaces/marvel/deployments/mq", ["fieldManager": "test"], method: "PATCH",
            body: deploymentYAML("mq", replicas: 1, image: image))
        #expect(r.status == 201)
        let running = ticker.run {
            store.list("pods", namespace: "marvel").items.contains { $0.at("status", "phase") == "Running" }
        }
        #expect(running)
        return try #require(store.list("pods", namespace: "marvel").items.first?.at("metadata", "name")?.stringValue)
    }

    @Test func logsArePlausiblePerImageAndDeterministic() throws {
        let pod = try runPod(image: "eclipse-mosquitto:2.0.18")
        let path = "/api/v1/namespaces/marvel/pods/\(pod)/log"
        let first = request(path)
        #expect(first.status == 200)
        let lines = text(first).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last?.hasSuffix("mosquitto version 2.0.18 running") == true)
        #expect(text(request(path)) == text(first))
        #expect(text(request(path, ["tailLines": "2"])).split(separator: "\n").count == 2)
        let stamped = text(request(path, ["timestamps": "true"])).split(separator: "\n")
        let second = Timestamp.format(SimFixture.now).dropLast() + "."
        #expect(stamped.allSatisfy { $0.hasPrefix(second) }, "\(stamped)")
        #expect(text(request(path, ["container": "main"])) == text(first))
        let kafka = LogCatalogue.profile(for: "registry.example/marvel/kafka:3.7")
        #expect(kafka.startup.first?.contains("KafkaServer") == true)
        #expect(LogCatalogue.profile(for: "busybox").startup == LogCatalogue.generic.startup)
    }

    @Test func wrongContainerAndWaitingPodAre400() throws {
        let pod = try runPod(image: "nginx:1.27")
        let bad = request("/api/v1/namespaces/marvel/pods/\(pod)/log", ["container": "nope"])
        #expect(bad.status == 400)
        #expect(text(bad).contains("container nope is not valid for pod \(pod)"))
        #expect(request("/api/v1/namespaces/marvel/pods/missing/log").status == 404)
        _ = request(
            "/api/v1/namespaces/marvel/pods/late", ["fieldManager": "t"], method: "PATCH",
            body: "apiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec: {containers: [{name: c, image: nginx}]}\n")
        // Not on a node yet: an empty log, as the API server answers; scheduled but not started: the kubelet's 400.
        let unscheduled = request("/api/v1/namespaces/marvel/pods/late/log")
        #expect(unscheduled.status == 200 && text(unscheduled).isEmpty)
        ticker.tick()
        let waiting = request("/api/v1/namespaces/marvel/pods/late/log")
        #expect(waiting.status == 400)
        #expect(text(waiting).contains(#"container \"c\" in pod \"late\" is waiting to start: ContainerCreating"#))
    }

    @Test func followStreamsNewLinesUntilThePodIsDeleted() throws {
        let pod = try runPod(image: "minio/minio:RELEASE.2024-05-10T01-41-38Z")
        let response = request("/api/v1/namespaces/marvel/pods/\(pod)/log", ["follow": "true"])
        guard case .stream(let produce) = response.body else {
            Issue.record("follow=true must stream")
            return
        }
        let sink = CollectingSink()
        let finished = TestSignal()
        Thread {
            produce(sink)
            finished.signal()
        }.start()
        #expect(sink.waitForLines(5))  // the startup lines
        clock.update { $0 = $0.addingTimeInterval(2) }
        try store.create("configmaps", ["metadata": ["name": "nudge", "namespace": "marvel"]])  // wakes the follower
        #expect(sink.waitForLines(6))
        try store.delete("pods", namespace: "marvel", name: pod)
        #expect(finished.wait(seconds: 10))
    }

    @Test func followEndsWhenTheClientLeaves() throws {
        let pod = try runPod(image: "grafana/grafana:11.0.0")
        guard case .stream(let produce) = request("/api/v1/namespaces/marvel/pods/\(pod)/log", ["follow": "1"]).body
        else {
            Issue.record("follow=1 must stream")
            return
        }
        let sink = CollectingSink()
        let finished = TestSignal()
        Thread {
            produce(sink)
            finished.signal()
        }.start()
        #expect(sink.waitForLines(4))
        sink.hangUp()
        clock.update { $0 = $0.addingTimeInterval(2) }
        try store.create("configmaps", ["metadata": ["name": "nudge", "namespace": "marvel"]])
        #expect(finished.wait(seconds: 10))
    }
}
