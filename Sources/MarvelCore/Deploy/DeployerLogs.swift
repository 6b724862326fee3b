import Foundation

extension Deployer {
    /// Streams the logs of instance `name`'s pods (or just `pod`) line by line into `onLine`;
    /// with several pods each line is prefixed "[pod] ". `follow` keeps streaming (no total
    /// timeout) until `onLine` returns false, `cancel` is set (the transfers end within about
    /// a second, quiet or not; no error) or every stream ends. `tail` keeps the last N lines.
    public func logs(
        name: String, namespace: String, pod: String? = nil, follow: Bool = false, tail: Int? = nil, cancel: CancelFlag? = nil,
        onLine: (String) -> Bool
    ) throws {
        let instance = try instances(namespace: namespace).first { $0.name == name }
        guard let instance else { throw DeployError.notFound(name: name, namespace: namespace) }
        let status = try status(of: instance)
        var pods = status.pods.map(\.name)
        if let pod {
            guard pods.contains(pod) else { throw DeployError.noPod(name: name, pod: pod, pods: pods) }
            pods = [pod]
        }
        let prefixed = pods.count > 1
        var query: [String: String] = [:]
        if let tail { query["tailLines"] = String(tail) }
        if follow { query["follow"] = "true" }
        let urls = pods.map { (pod: $0, url: client.url("/api/v1/namespaces/\(namespace)/pods/\($0)/log", query: query)) }
        if follow && urls.count > 1 {
            try followMany(urls, cancel: cancel ?? CancelFlag(), onLine: onLine)
            return
        }
        for (pod, url) in urls {
            var keepGoing = true
            do {
                try streamLines(url: url, follow: follow, cancel: cancel) { line in
                    keepGoing = onLine(prefixed ? "[\(pod)] \(line)" : line)
                    return keepGoing
                }
            } catch where cancel?.isCancelled == true {
                return
            }
            if !keepGoing || cancel?.isCancelled == true { return }
        }
    }

    /// Streams one log URL, calling `onLine` for every complete line (and a last unterminated one).
    func streamLines(url: String, follow: Bool, cancel: CancelFlag?, onLine: (String) -> Bool) throws {
        let request = HTTPRequest(method: .get, url: url, headers: authHeadersForLogs(), body: nil, timeout: follow ? 0 : nil)
        var pending: [UInt8] = []
        var stopped = false
        do throws(HTTPError) {
            if let http = client.transport as? HTTPClient {
                _ = try http.stream(request, cancel: cancel) { chunk in
                    pending += chunk
                    while let nl = pending.firstIndex(of: 10) {
                        let line = String(decoding: pending[..<nl], as: UTF8.self)
                        pending.removeSubrange(...nl)
                        if !onLine(line) { stopped = true; return false }
                    }
                    return true
                }
            } else {
                let response = try client.transport.send(request)
                guard (200..<300).contains(response.status) else { throw HTTPError.fromResponse(url: url, response) }
                pending = response.body
                while let nl = pending.firstIndex(of: 10), !stopped {
                    let line = String(decoding: pending[..<nl], as: UTF8.self)
                    pending.removeSubrange(...nl)
                    if !onLine(line) { stopped = true }
                }
            }
        } catch {
            throw DeployError.logs(url: url, error)
        }
        if !stopped && !pending.isEmpty { _ = onLine(String(decoding: pending, as: UTF8.self)) }
    }

    private func authHeadersForLogs() -> [(name: String, value: String)] {
        client.authHeaders() + [(name: "Accept", value: "text/plain, */*")]
    }

    /// Follows several pods at once: one thread per pod feeds a shared queue, and this
    /// thread hands lines to `onLine` until it says stop, `cancel` is set (each stream then
    /// ends within about a second) or all streams end.
    private func followMany(_ urls: [(pod: String, url: String)], cancel: CancelFlag, onLine: (String) -> Bool) throws {
        let queue = LineQueue()
        for (pod, url) in urls {
            let me = self
            let thread = Thread {
                do {
                    try me.streamLines(url: url, follow: true, cancel: cancel) { line in
                        queue.push("[\(pod)] \(line)")
                        return !cancel.isCancelled
                    }
                } catch {
                    if !cancel.isCancelled { queue.push("[\(pod)] marvdash: \(error)") }
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
