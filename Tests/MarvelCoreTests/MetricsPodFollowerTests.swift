import Foundation
import Synchronization
import Testing

@testable import MarvelCore

/// Answers pod lists, pod gets and pod logs by URL; the first `failures` requests fail to connect.
final class MetricsRoutingTransport: HTTPTransport {
    private let failuresLeft: Mutex<Int>
    private let seen = Mutex<[String]>([])
    let log: String

    init(failures: Int, log: String) {
        failuresLeft = Mutex(failures)
        self.log = log
    }

    var urls: [String] { seen.withLock { $0 } }

    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        seen.withLock { $0.append(request.url) }
        if failuresLeft.withLock({ n in
            defer { n -= 1 }
            return n > 0
        }) {
            throw .connect(url: request.url, detail: "connection refused")
        }
        let pod: JSONValue = [
            "metadata": ["name": "dynhp-train-x1", "namespace": "ml", "labels": ["marvdash.io/template": "dynhp-train"]],
            "spec": ["containers": [["name": "trainer", "image": "m"]]],
            "status": ["phase": "Succeeded"],
        ]
        if request.url.contains("/log") {
            return HTTPResponse(status: 200, body: Array(log.utf8))
        }
        if request.url.contains("/pods/dynhp-train-x1") {
            return HTTPResponse(status: 200, body: pod.jsonBytes())
        }
        if request.url.contains("labelSelector=marvdash.io%2Ftemplate") || request.url.contains("labelSelector=marvdash.io/template") {
            let list: JSONValue = ["kind": "PodList", "metadata": ["resourceVersion": "7"], "items": [pod]]
            return HTTPResponse(status: 200, body: list.jsonBytes())
        }
        return HTTPResponse(status: 200, body: Array(#"{"kind":"PodList","metadata":{},"items":[]}"#.utf8))
    }
}

@Suite struct MetricsPodFollowerTests {
    let target = KubeTarget(
        contextName: "test", clusterName: "c", userName: "u", server: "https://10.0.0.1:6443", auth: .none, sourceDescription: "test")

    func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    @Test func followsTrainingPodLogsAfterRetryingTheList() throws {
        let t = Date(timeIntervalSince1970: 1_780_000_000)
        let lines = [
            MetricEvent.runStart(RunStart(run: "fm", ts: t, model: "784-300-100-10", dataset: "synthetic")).jsonLine(),
            "loading data…",
            MetricEvent.dynhpEpoch(DynHPEpoch(run: "fm", ts: t, epoch: 1, epochs: 2, loss: 1, trainError: 0.5, valError: 0.5,
                                              params: 90, paramsInitial: 100, active: [784, 250, 90, 10], batchSize: 128,
                                              memoryBytes: 1 << 20, flops: 5)).jsonLine(),
            MetricEvent.runEnd(RunEnd(run: "fm", ts: t, status: "completed")).jsonLine(),
        ]
        let transport = MetricsRoutingTransport(failures: 2, log: lines.joined(separator: "\n") + "\n")
        let client = KubeClient(target: target, transport: transport, retry: .none)
        let feed = MetricsFeed()
        let follower = PodMetricsFollower(client: client, feed: feed, pollInterval: 0.05, baseBackoff: 0.01, maxBackoff: 0.05)
        follower.start()
        defer { follower.stop() }
        let origin = RunOrigin.pod(namespace: "ml", name: "dynhp-train-x1")
        #expect(eventually { feed.state(of: origin)?.hasPrefix("ended") == true })
        let runs = feed.runs()
        #expect(runs.count == 1)
        #expect(runs.first?.origin == origin)
        #expect(runs.first?.history.epochs.count == 1)
        #expect(runs.first?.history.status == .ended("completed"))
        let states = feed.sourceStates().map(\.state)
        #expect(states.contains { $0.hasPrefix("following 1 training pod") })
        #expect(transport.urls.contains { $0.contains("/api/v1/pods?") && $0.contains("labelSelector=") })
        // A finished pod's log is read once, not again at every poll.
        let logReads = transport.urls.filter { $0.contains("/log") }.count
        #expect(eventually { transport.urls.filter { $0.contains("labelSelector") }.count >= 8 })
        #expect(transport.urls.filter { $0.contains("/log") }.count == logReads)
    }

    @Test func showsRetryStateWhileTheListFails() {
        let transport = MetricsRoutingTransport(failures: 1_000_000, log: "")
        let client = KubeClient(target: target, transport: transport, retry: .none)
        let feed = MetricsFeed()
        let follower = PodMetricsFollower(client: client, feed: feed, pollInterval: 0.05, baseBackoff: 0.01, maxBackoff: 0.02)
        follower.start()
        defer { follower.stop() }
        let origin = RunOrigin.podList(server: "https://10.0.0.1:6443")
        #expect(eventually { feed.state(of: origin)?.hasPrefix("retrying in") == true })
        #expect(feed.state(of: origin)?.contains("connection refused") == true || feed.state(of: origin)?.contains("10.0.0.1") == true)
        #expect(feed.runs().isEmpty)
    }
}
