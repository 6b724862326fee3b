import Foundation
import Synchronization
import Testing

@testable import MarvelCore

/// Answers pod logs; the first `failures` requests fail to connect.
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
        if request.url.contains("/log") { return HTTPResponse(status: 200, body: Array(log.utf8)) }
        return HTTPResponse(status: 404, body: Array(#"{"kind":"Status","reason":"NotFound","message":"no","code":404}"#.utf8))
    }
}

/// The pods a follower sees, as the watch caches would hand them over; counts its looks.
final class PodListing: Sendable {
    private let state = Mutex<(pods: [Pod]?, looks: Int)>((nil, 0))
    func set(_ pods: [Pod]?) { state.withLock { $0.pods = pods } }
    var looks: Int { state.withLock { $0.looks } }
    func current() -> [Pod]? {
        state.withLock { s in
            s.looks += 1
            return s.pods
        }
    }
}

@Suite struct MetricsPodFollowerTests {
    let target = KubeTarget(
        contextName: "test", clusterName: "c", userName: "u", server: "https://10.0.0.1:6443", auth: .none, sourceDescription: "test")

    static let trainer = Pod(
        name: "dynhp-train-x1", namespace: "ml", labels: ["marvdash.io/template": "dynhp-train"], phase: "Succeeded",
        containers: [Pod.Container(name: "trainer", image: "m")])

    @Test func trainingPodsAreDynHPJobsAndFederatedServersByTheirLabels() {
        func pod(_ name: String, _ labels: [String: String]) -> Pod {
            Pod(name: name, namespace: "ml", labels: labels, phase: "Running", containers: [Pod.Container(name: "c", image: "m")])
        }
        let pods = [
            pod("a-train", ["marvdash.io/template": "dynhp-train"]), pod("b-fedl", ["marvdash.io/template": "fedl-dynhp-server"]),
            pod("c-flower", ["marvdash.io/template": "fedl-server"]), pod("d-own", ["marvdash.io/metrics": "dynhp"]),
            pod("e-client", ["marvdash.io/template": "fedl-dynhp-client"]), pod("f-web", ["app": "web"]),
        ]
        #expect(PodMetricsFollower.trainingPods(among: pods).map(\.name) == ["a-train", "b-fedl", "c-flower", "d-own"])
    }

    @Test func followsTrainingPodLogsFromThePodListWithoutListing() throws {
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
        let listing = PodListing()
        listing.set([Self.trainer, Pod(name: "web-1", namespace: "ml", phase: "Running")])
        let follower = PodMetricsFollower(
            client: client, feed: feed, pods: { listing.current() }, lookInterval: 0.02, baseBackoff: 0.01, maxBackoff: 0.05)
        follower.start()
        defer { follower.stop() }
        let origin = RunOrigin.pod(namespace: "ml", name: "dynhp-train-x1")
        #expect(eventually { feed.state(of: origin)?.hasPrefix("ended") == true })
        let runs = feed.runs()
        #expect(runs.count == 1)
        #expect(runs.first?.origin == origin)
        #expect(runs.first?.history.epochs.count == 1)
        #expect(runs.first?.history.status == .ended("completed"))
        #expect(feed.state(of: .podList(server: "https://10.0.0.1:6443")) == "following 1 training pod")
        #expect(transport.urls.allSatisfy { $0.contains("/log") }, "pods come from the caches: no list or get of its own")
        // A finished pod's log is read once, not again at every look.
        let logReads = transport.urls.count
        let looks = listing.looks
        #expect(eventually { listing.looks >= looks + 5 })
        #expect(transport.urls.count == logReads)
    }

    @Test func waitsForThePodListAndSeesAPodGo() {
        let transport = MetricsRoutingTransport(failures: 0, log: "")
        let client = KubeClient(target: target, transport: transport, retry: .none)
        let feed = MetricsFeed()
        let listing = PodListing()
        let follower = PodMetricsFollower(client: client, feed: feed, pods: { listing.current() }, lookInterval: 0.02)
        follower.start()
        defer { follower.stop() }
        let list = RunOrigin.podList(server: "https://10.0.0.1:6443")
        #expect(feed.state(of: list) == "waiting for the pod list")
        var running = Self.trainer
        running.phase = "Running"
        listing.set([running])
        let origin = RunOrigin.pod(namespace: "ml", name: "dynhp-train-x1")
        #expect(eventually { feed.state(of: origin) != nil })
        listing.set([])
        #expect(eventually { feed.state(of: origin) == "gone" })
        #expect(feed.runs().isEmpty)
    }
}
