import Foundation
import Synchronization

/// Follows the logs of DynHP training pods through the Kubernetes API:
/// polls the pod list every few seconds for pods labelled as DynHP jobs,
/// streams each one's log (follow) on its own thread into a `MetricsFeed`,
/// one run per pod. Failures are retried with doubling delays and shown
/// in the feed's source states; a re-read log replaces epochs, never doubles them.
public final class PodMetricsFollower: Sendable {
    /// Label selectors that mark a pod as a training job (any one): DynHP jobs, marvdash's
    /// federated DynHP server, and the seed's Flower server (its log lines are translated).
    public static let selectors = [
        "marvdash.io/template in (dynhp-train,fedl-dynhp-server,fedl-server)", "marvdash.io/metrics=dynhp",
    ]

    public let client: KubeClient
    public let feed: MetricsFeed
    /// Only this namespace, or every namespace when nil.
    public let namespace: String?
    /// Listed instead when listing every namespace is forbidden (403).
    public let fallbackNamespace: String?
    private let narrowed = Atomic<Bool>(false)
    public let pollInterval: Double
    /// First retry delay after a failure (doubles per failure, up to `maxBackoff`).
    public let baseBackoff: Double
    public let maxBackoff: Double
    private let cancel = CancelFlag()
    private let started = Atomic<Bool>(false)
    private let followed = Mutex<Set<String>>([])
    private let finished = Mutex<Set<String>>([])

    public init(client: KubeClient, feed: MetricsFeed, namespace: String? = nil, fallbackNamespace: String? = nil,
                pollInterval: Double = 3, baseBackoff: Double = 1, maxBackoff: Double = 30) {
        self.client = client
        self.feed = feed
        self.namespace = namespace
        self.fallbackNamespace = fallbackNamespace
        self.pollInterval = max(0.05, pollInterval)
        self.baseBackoff = max(0.001, baseBackoff)
        self.maxBackoff = max(self.baseBackoff, maxBackoff)
    }

    private var listOrigin: RunOrigin { .podList(server: client.target.server) }

    /// Starts discovery (once).
    public func start() {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        feed.setState("listing pods", for: listOrigin)
        let thread = Thread { [self] in discover() }
        thread.name = "metrics-pods"
        thread.start()
    }

    /// Stops discovery and every log stream.
    public func stop() { cancel.cancel() }

    /// The training pods the API lists now, deduplicated, oldest first.
    public func trainingPods() throws(KubeError) -> [Pod] {
        do {
            return try trainingPods(in: narrowed.load(ordering: .acquiring) ? fallbackNamespace : namespace)
        } catch let error where error.statusCode == 403 && namespace == nil && fallbackNamespace != nil
            && !narrowed.load(ordering: .acquiring)
        {
            narrowed.store(true, ordering: .releasing)
            return try trainingPods(in: fallbackNamespace)
        }
    }

    private func trainingPods(in namespace: String?) throws(KubeError) -> [Pod] {
        let path = namespace.map { "/api/v1/namespaces/\($0)/pods" } ?? "/api/v1/pods"
        var seen = Set<String>()
        var pods: [Pod] = []
        for selector in Self.selectors {
            let query = ["labelSelector": selector]
            for item in try client.list(path, query: query).items {
                let pod: Pod
                do throws(KubeDecodingError) {
                    pod = try Pod(json: item)
                } catch {
                    throw .decoding(error, url: client.url(path, query: query))
                }
                if seen.insert(pod.id).inserted { pods.append(pod) }
            }
        }
        return pods.sorted { ($0.creationTimestamp ?? .distantPast, $0.id) < ($1.creationTimestamp ?? .distantPast, $1.id) }
    }

    private func discover() {
        var failures = 0
        while !cancel.isCancelled {
            do {
                let pods = try trainingPods()
                failures = 0
                feed.setState("following \(pods.count) training pod\(pods.count == 1 ? "" : "s")", for: listOrigin)
                for pod in pods where pod.phase != "Pending" && pod.phase != "Unknown" { follow(pod) }
                pause(pollInterval)
            } catch {
                failures += 1
                let delay = backoff(failures)
                feed.setState("retrying in \(Int(delay.rounded(.up)))s: \(error)", for: listOrigin)
                pause(delay)
            }
        }
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
                let pod = try client.get("/api/v1/namespaces/\(namespace)/pods/\(name)")
                let phase = pod.at("status", "phase")?.stringValue ?? ""
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
