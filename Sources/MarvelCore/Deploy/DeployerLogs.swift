import Foundation

/// Which containers of each pod `logs` reads.
public enum LogContainers: Sendable, Hashable {
    /// As kubectl: the pod's `kubectl.kubernetes.io/default-container`, else its first container.
    case `default`
    /// The container of this name (init containers included); pods without it are skipped.
    case named(String)
    /// Every container of every pod, init containers first.
    case all
}

extension Deployer {
    /// The annotation naming the container kubectl shows by default.
    static let defaultContainerAnnotation = "kubectl.kubernetes.io/default-container"

    /// Streams the logs of instance `name`'s pods (or just `pod`) line by line into `onLine`,
    /// for the containers `containers` picks. With several streams each line is prefixed
    /// "[pod] " (one container per pod) or "[pod/container] ". `follow` keeps streaming (no
    /// total timeout) until `onLine` returns false, `cancel` is set (the transfers end within
    /// about a second, quiet or not; no error) or every stream ends. `tail` keeps the last N
    /// lines. `onNote` hears which container was chosen for a pod that has several.
    public func logs(
        name: String, namespace: String, pod: String? = nil, containers: LogContainers = .default, follow: Bool = false, tail: Int? = nil,
        cancel: CancelFlag? = nil, onNote: (String) -> Void = { _ in }, onLine: (String) -> Bool
    ) throws {
        let instance = try instances(namespace: namespace).first { $0.name == name }
        guard let instance else { throw DeployError.notFound(name: name, namespace: namespace) }
        var pods: [Pod]
        do throws(KubeError) {
            pods = try self.pods(of: instance).sorted { $0.name < $1.name }
        } catch {
            throw DeployError.api(action: "listing the pods of \(name)", error)
        }
        if let pod {
            guard let chosen = pods.first(where: { $0.name == pod }) else { throw DeployError.noPod(name: name, pod: pod, pods: pods.map(\.name)) }
            pods = [chosen]
        }
        let streams = try Self.logStreams(of: pods, containers: containers, instance: name, onNote: onNote)
        let multiContainer = streams.contains { s in (pods.first { $0.name == s.pod }?.containers.count ?? 1) > 1 } || containers == .all
        let prefixed = streams.count > 1
        var query: [String: String] = [:]
        if let tail { query["tailLines"] = String(tail) }
        if follow { query["follow"] = "true" }
        let urls = streams.map { stream in
            var q = query
            q["container"] = stream.container
            return (
                prefix: prefixed ? (multiContainer ? "[\(stream.pod)/\(stream.container)] " : "[\(stream.pod)] ") : "",
                url: client.url("/api/v1/namespaces/\(namespace)/pods/\(stream.pod)/log", query: q))
        }
        if follow && urls.count > 1 {
            try followMany(urls, cancel: cancel ?? CancelFlag(), onLine: onLine)
            return
        }
        for (prefix, url) in urls {
            var keepGoing = true
            do {
                try streamLines(url: url, follow: follow, cancel: cancel) { line in
                    keepGoing = onLine(prefix + line)
                    return keepGoing
                }
            } catch where cancel?.isCancelled == true {
                return
            }
            if !keepGoing || cancel?.isCancelled == true { return }
        }
    }

    /// The pods of `instance`: by the instance label, or a Karvdash Service's selector.
    func pods(of instance: Instance) throws(KubeError) -> [Pod] {
        let selector: String
        if instance.managedBy == .karvdash {
            let sel = instance.manifests.first?.at("spec", "selector")?.objectValue ?? JSONObject()
            selector = sel.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        } else {
            selector = "\(InstanceLabels.instance)=\(instance.name)"
        }
        if selector.isEmpty { return [] }
        return try client.list("/api/v1/namespaces/\(instance.namespace)/pods", query: ["labelSelector": selector]).items.compactMap { try? Pod(json: $0) }
    }

    /// The (pod, container) pairs to read, in pod order.
    static func logStreams(
        of pods: [Pod], containers: LogContainers, instance: String, onNote: (String) -> Void
    ) throws -> [(pod: String, container: String)] {
        var out: [(pod: String, container: String)] = []
        for pod in pods {
            let names = pod.containers.map(\.name)
            switch containers {
            case .all:
                out += (pod.initContainers.map(\.name) + names).map { (pod.name, $0) }
            case .named(let wanted):
                if (pod.initContainers.map(\.name) + names).contains(wanted) { out.append((pod.name, wanted)) }
            case .default:
                let annotated = pod.annotations[defaultContainerAnnotation].flatMap { names.contains($0) ? $0 : nil }
                guard let chosen = annotated ?? names.first else { continue }
                if names.count > 1 {
                    onNote("pod \(pod.name) has containers \(names.joined(separator: ", ")); showing \(chosen) (--container NAME for another, --all-containers for all)")
                }
                out.append((pod.name, chosen))
            }
        }
        if case .named(let wanted) = containers, out.isEmpty, !pods.isEmpty {
            let all = Array(Set(pods.flatMap { $0.initContainers.map(\.name) + $0.containers.map(\.name) })).sorted()
            throw DeployError.noContainer(name: instance, container: wanted, containers: all)
        }
        return out
    }

    /// Streams one log URL, calling `onLine` for every complete line (and a last unterminated one).
    func streamLines(url: String, follow: Bool, cancel: CancelFlag?, onLine: (String) -> Bool) throws {
        var pending: [UInt8] = []
        var stopped = false
        let response: HTTPResponse
        do {
            response = try client.stream(url: url, accept: "text/plain, */*", timeout: follow ? 0 : nil, cancel: cancel) { chunk in
                pending += chunk
                while let nl = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[..<nl], as: UTF8.self)
                    pending.removeSubrange(...nl)
                    if !onLine(line) { stopped = true; return false }
                }
                return true
            }
        } catch {
            if case .transport(let cause, _, _) = error { throw DeployError.logs(url: url, cause) }
            throw DeployError.api(action: "reading the log at \(SecretRedaction.url(url))", error)
        }
        guard (200..<300).contains(response.status) else {
            throw DeployError.logs(url: url, HTTPError.fromResponse(url: url, response, sent: client.sentCredentials))
        }
        if !stopped && !pending.isEmpty { _ = onLine(String(decoding: pending, as: UTF8.self)) }
    }

    /// Follows several pods at once: one thread per pod feeds a shared queue, and this
    /// thread hands lines to `onLine` until it says stop, `cancel` is set (each stream then
    /// ends within about a second) or all streams end.
    private func followMany(_ urls: [(prefix: String, url: String)], cancel: CancelFlag, onLine: (String) -> Bool) throws {
        let queue = LineQueue()
        for (prefix, url) in urls {
            let me = self
            let thread = Thread {
                do {
                    try me.streamLines(url: url, follow: true, cancel: cancel) { line in
                        queue.push(prefix + line)
                        return !cancel.isCancelled
                    }
                } catch {
                    if !cancel.isCancelled { queue.push("\(prefix)marvdash: \(error)") }
                }
                queue.finishOne()
            }
            thread.start()
        }
        var open = urls.count
        while open > 0 {
            switch queue.pop() {
            case .line(let line):
                if cancel.isCancelled { continue }
                if !onLine(line) {
                    cancel.cancel()
                    return
                }
            case .finished:
                open -= 1
            }
        }
    }
}

/// A blocking queue of log lines from several streaming threads.
final class LineQueue: @unchecked Sendable {
    enum Item { case line(String), finished }
    private let condition = NSCondition()
    private var items: [Item] = []

    func push(_ line: String) { put(.line(line)) }
    func finishOne() { put(.finished) }

    private func put(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    func pop() -> Item {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty { condition.wait() }
        return items.removeFirst()
    }
}
