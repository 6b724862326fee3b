import Foundation
import Synchronization

/// Follows the logs of DynHP training pods through the Kubernetes API: the
/// pods come from `pods` (the console's watch caches: no list of its own),
/// those labelled as DynHP jobs are streamed (log follow) each on its own
/// thread into a `MetricsFeed`, one run per pod. Failures are retried with
/// doubling delays and shown in the feed's source states; a re-read log
/// replaces epochs, never doubles them.
public final class PodMetricsFollower: Sendable {
    /// The labels that mark a pod as a training job (any one, any of its values): DynHP jobs,
    /// marvdash's federated DynHP server, and the seed's Flower server (its log lines are translated).
    public static let trainingLabels: [(key: String, values: Set<String>)] = [
        (key: "marvdash.io/template", values: ["dynhp-train", "fedl-dynhp-server", "fedl-server"]),
        (key: "marvdash.io/metrics", values: ["dynhp"]),
    ]

    public let client: KubeClient
    public let feed: MetricsFeed
    /// The pods known now; nil while they are not (the caches are still listing).
    private let pods: @Sendable () -> [Pod]?
    /// Seconds between looks at `pods` (in memory: cheap).
    public let lookInterval: Double
    /// First retry delay after a failure (doubles per failure, up to `maxBackoff`).
    public let baseBackoff: Double
    public let maxBackoff: Double
    private let cancel = CancelFlag()
    private let started = Atomic<Bool>(false)
    private let followed = Mutex<Set<String>>([])
    private let finished = Mutex<Set<String>>([])

    public init(
        client: KubeClient, feed: MetricsFeed, pods: @escaping @Sendable () -> [Pod]?, lookInterval: Double = 1, baseBackoff: Double = 1,
        maxBackoff: Double = 30
    ) {
        self.client = client
        self.feed = feed
        self.pods = pods
        self.lookInterval = max(0.01, lookInterval)
        self.baseBackoff = max(0.001, baseBackoff)
        self.maxBackoff = max(self.baseBackoff, maxBackoff)
    }

    private var listOrigin: RunOrigin { .podList(server: client.target.server) }

    /// Starts discovery (once).
    public func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        feed.setState("waiting for the pod list", for: listOrigin)
        let thread = Thread { [self] in discover() }
        thread.name = "metrics-pods"
        thread.start()
    }

    /// Stops discovery and every log stream.
    public func stop() { cancel.cancel() }

    /// The training pods among `pods`, oldest first.
    public static func trainingPods(among pods: [Pod]) -> [Pod] {
        pods.filter { pod in trainingLabels.contains { label in pod.labels[label.key].map(label.values.contains) ?? false } }
            .sorted { ($0.creationTimestamp ?? .distantPast, $0.id) < ($1.creationTimestamp ?? .distantPast, $1.id) }
    }

    private func discover() {
        var lastState = ""
        while !cancel.isCancelled {
            if let all = pods() {
                let training = Self.trainingPods(among: all)
                let state = "following \(training.count) training pod\(training.count == 1 ? "" : "s")"
                if state != lastState {
                    feed.setState(state, for: listOrigin)
                    lastState = state
                }
                for pod in training where pod.phase != "Pending" && pod.phase != "Unknown" { follow(pod) }
            }
            pause(lookInterval)
        }
    }

    /// The phase of a pod as the pod list has it now; "" when the list is not known, nil when the pod is gone.
    private func phase(namespace: String, name: String) -> String? {
        guard let all = pods() else { return "" }
        return all.first { $0.namespace == namespace && $0.name == name }?.phase
    }

    private func follow(_ pod: Pod) {
        let key = pod.id
        guard !finished.withLock({ $0.contains(key) }), followed.withLock({ $0.insert(key).inserted }) else { return }
        let thread = Thread { [self] in
            streamLog(namespace: pod.namespace, name: pod.name, running: !pod.isTerminated)
            _ = followed.withLock { $0.remove(key) }
        }
        thread.name = "metrics-log"
        thread.start()
    }

    /// Reads (and while the pod runs, follows) one pod's log until it ends or the follower stops.
    private func streamLog(namespace: String, name: String, running: Bool) {
        let origin = RunOrigin.pod(namespace: namespace, name: name)
        var failures = 0
        var follow = running
        while !cancel.isCancelled {
            feed.setState(follow ? "following" : "reading", for: origin)
            do {
                try readLog(namespace: namespace, name: name, follow: follow, origin: origin)
                failures = 0
                guard let phase = phase(namespace: namespace, name: name) else {
                    feed.setState("gone", for: origin)
                    finished.withLock { _ = $0.insert("\(namespace)/\(name)") }
                    return
                }
                if !follow || phase == "Succeeded" || phase == "Failed" {
                    if follow {
                        follow = false
                        continue  // one last full read picks up lines written while the stream closed
                    }
                    feed.setState("ended (\(phase.isEmpty ? "log read" : phase))", for: origin)
                    finished.withLock { _ = $0.insert("\(namespace)/\(name)") }
                    return
                }
                pause(1)
            } catch let error as KubeError where error.statusCode == 404 {
                feed.setState("gone", for: origin)
                finished.withLock { _ = $0.insert("\(namespace)/\(name)") }
                return
            } catch {
                if cancel.isCancelled { return }
                failures += 1
                let delay = backoff(failures)
                feed.setState("retrying in \(Int(delay.rounded(.up)))s: \(error)", for: origin)
                pause(delay)
            }
        }
    }

    private func readLog(namespace: String, name: String, follow: Bool, origin: RunOrigin) throws {
        var query: [String: String] = [:]
        if follow { query["follow"] = "true" }
        let url = client.url("/api/v1/namespaces/\(namespace)/pods/\(name)/log", query: query)
        var splitter = MetricsLineSplitter(flowerRun: name)
        let response = try client.stream(url: url, accept: "text/plain, */*", timeout: follow ? 0 : nil, cancel: cancel) { chunk in
            feed.apply(splitter.feed(chunk), from: origin)
            return true
        }
        guard (200..<300).contains(response.status) else {
            if response.status == 404 {
                throw KubeError.status(code: 404, reason: "NotFound", message: "pod \(namespace)/\(name) not found",
                                       method: "GET", url: url, context: client.target.contextName, user: "")
            }
            throw client.statusError(response, method: .get, url: url)
        }
        feed.apply(splitter.finish(), from: origin)
    }

    private func backoff(_ failures: Int) -> Double {
        min(maxBackoff, baseBackoff * pow(2, Double(min(max(0, failures - 1), 20))))
    }

    private func pause(_ seconds: Double) {
        var left = seconds
        while left > 0 && !cancel.isCancelled {
            let step = min(left, 0.1)
            Thread.sleep(forTimeInterval: step)
            left -= step
        }
    }
}
