import Foundation

/// One log stream a follower reads: a container of a pod.
struct LogTarget: Sendable, Hashable {
    var pod: String
    var container: String
    /// How its lines are labelled when several streams are followed ("" for one).
    var source: String

    /// The streams `query` names now: the instance's pods (or the one asked for) and for
    /// each the container asked for or its default one (as `marvdash logs`).
    static func resolve(_ query: LogQuery, deployer: Deployer) throws -> [LogTarget] {
        var pods: [Pod]
        if let selector = query.selector {
            var filter: [String: String] = [:]
            if !selector.isEmpty { filter["labelSelector"] = selector }
            if selector.isEmpty, let pod = query.pod { filter["fieldSelector"] = "metadata.name=\(pod)" }
            do throws(KubeError) {
                pods = try deployer.client.list("/api/v1/namespaces/\(KubeClient.encode(query.namespace))/pods", query: filter).items.compactMap { try? Pod(json: $0) }.sorted { $0.name < $1.name }
            } catch {
                throw DeployError.api(action: "listing the pods of \(query.instance)", error)
            }
        } else {
            guard let instance = try deployer.instances(namespace: query.namespace).first(where: { $0.name == query.instance }) else {
                throw DeployError.notFound(name: query.instance, namespace: query.namespace)
            }
            do throws(KubeError) {
                pods = try deployer.pods(of: instance).sorted { $0.name < $1.name }
            } catch {
                throw DeployError.api(action: "listing the pods of \(query.instance)", error)
            }
        }
        if let wanted = query.pod {
            guard let chosen = pods.first(where: { $0.name == wanted }) else {
                throw DeployError.noPod(name: query.instance, pod: wanted, pods: pods.map(\.name))
            }
            pods = [chosen]
        }
        let containers: LogContainers = query.container.map { .named($0) } ?? .default
        let streams = try Deployer.logStreams(of: pods, containers: containers, instance: query.instance, onNote: { _ in })
        let multiContainer = streams.contains { s in (pods.first { $0.name == s.pod }?.containers.count ?? 1) > 1 }
        return streams.map { stream in
            let source = streams.count > 1 ? (multiContainer ? "\(stream.pod)/\(stream.container)" : stream.pod) : ""
            return LogTarget(pod: stream.pod, container: stream.container, source: source)
        }
    }
}

extension LogFollower {
    /// Whether a pod still runs (so a closed stream is an interruption), is gone or
    /// finished (so its log has ended), or cannot be asked about (the API is down).
    enum PodLiveness {
        case running, finished
        case unknown(String)
    }

    /// Reads one stream until it ends, is cancelled, or its pod is gone; reconnects after a
    /// break with `sinceTime`, skipping the lines already read.
    func stream(_ target: LogTarget) {
        var last: LogTimestamp?
        var textsAtLast: Set<String> = []
        var attempt = 0
        let path = "/api/v1/namespaces/\(query.namespace)/pods/\(target.pod)/log"
        while !isCancelled {
            if attempt > 0 {
                // Ask the API first: a pod that is gone or finished has nothing more to say.
                switch liveness(of: target.pod) {
                case .finished:
                    setStream(target.source, .ended)
                    return
                case .unknown(let why):
                    attempt += 1
                    setStream(target.source, .reconnecting(attempt: attempt, reason: why))
                    pause(backoff.delay(attempt: attempt))
                    continue
                case .running:
                    setStream(target.source, .following)
                }
            }
            var parameters = ["container": target.container, "timestamps": "true"]
            if query.previous { parameters["previous"] = "true" } else { parameters["follow"] = "true" }
            if let last {
                parameters["sinceTime"] = last.sinceTime
            } else if let tail = query.tail {
                parameters["tailLines"] = String(tail)
            }
            let url = deployer.client.url(path, query: parameters)
            var reason: String
            do {
                try deployer.streamLines(url: url, follow: !query.previous, cancel: cancelFlag) { raw in
                    let line = LogLine.parse(raw, source: target.source)
                    if let stamp = LogTimestamp(line.timestamp) {
                        if let seen = last {
                            // Resumed from the last line's second: skip what was already read.
                            if stamp < seen || (stamp == seen && textsAtLast.contains(line.text)) { return !self.isCancelled }
                            if seen < stamp { textsAtLast = [] }
                        }
                        last = stamp
                        textsAtLast.insert(line.text)
                    }
                    return self.append(line)
                }
                if isCancelled || query.previous {
                    setStream(target.source, .ended)
                    return
                }
                reason = "the log stream of \(target.pod) closed"
            } catch {
                if isCancelled { break }
                if Self.isGone(error) {
                    setStream(target.source, .ended)
                    return
                }
                reason = String(describing: error)
                if query.previous {
                    setStream(target.source, .failed(reason))
                    return
                }
            }
            attempt += 1
            setStream(target.source, .reconnecting(attempt: attempt, reason: reason))
            pause(backoff.delay(attempt: attempt))
        }
        setStream(target.source, .ended)
    }

    /// The pod's phase as the API tells it now.
    func liveness(of pod: String) -> PodLiveness {
        do throws(KubeError) {
            let object = try deployer.client.get("/api/v1/namespaces/\(query.namespace)/pods/\(pod)")
            let phase = object.at("status", "phase")?.stringValue ?? ""
            return phase == "Succeeded" || phase == "Failed" ? .finished : .running
        } catch {
            return error.statusCode == 404 ? .finished : .unknown(String(describing: error))
        }
    }

    /// A 404 on the log: the pod was deleted.
    static func isGone(_ error: any Error) -> Bool {
        if case DeployError.logs(_, .status(_, 404, _, _))? = error as? DeployError { return true }
        return false
    }
}
