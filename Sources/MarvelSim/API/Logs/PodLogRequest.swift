import Foundation
import MarvelCore
import MarvelNet

/// `GET /api/v1/namespaces/{ns}/pods/{name}/log`: one container instance's
/// lines — the current one, or with `previous` the one before its last
/// restart — within `sinceSeconds`/`sinceTime` and `tailLines`, at most
/// `limitBytes`, stamped with `timestamps`; with `follow`, a stream that adds
/// each new line as it is due until the container ends, the pod is deleted,
/// the limit is reached or the client leaves. Errors are the API server's
/// and the kubelet's, word for word.
struct PodLogRequest {
    var store: ClusterStore
    var namespace: String
    var podName: String
    var container: String
    var options: LogOptions
    /// The instance's lines; nil for a pod not yet on a node (its log is empty).
    var lines: PodLogLines?
    /// The pod's in-process trainer's lines, served instead of the canned ones.
    var trainerLog: TrainerLog?

    init(store: ClusterStore, namespace: String, pod: String, query: [String: String],
         training: SimTrainingSupervisor? = nil) throws(APIStatus) {
        let options = try LogOptions(query: query, pod: pod)
        guard let object = store.get("pods", namespace: namespace, name: pod) else {
            throw APIStatus.notFound(resource: "pods", name: pod)
        }
        let container = try Self.container(of: object, pod: pod, asked: options.container)
        self.store = store
        self.namespace = namespace
        self.podName = pod
        self.container = container
        self.options = options
        guard !(object.at("spec", "nodeName")?.stringValue ?? "").isEmpty else { return }
        lines = try Self.instance(of: object, pod: pod, container: container, previous: options.previous)
        if !options.previous { trainerLog = training?.log(forPod: object) }
    }

    /// The container the request is about, or the API server's refusal.
    static func container(of pod: JSONValue, pod name: String, asked: String?) throws(APIStatus) -> String {
        let names = (pod.at("spec", "containers")?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let initNames = (pod.at("spec", "initContainers")?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if let asked {
            guard names.contains(asked) || initNames.contains(asked) else {
                throw APIStatus.badRequest("container \(asked) is not valid for pod \(name)")
            }
            return asked
        }
        switch names.count {
        case 1: return names[0]
        case 0: throw APIStatus.badRequest("a container name must be specified for pod \(name)")
        default:
            var message = "a container name must be specified for pod \(name), choose one of: [\(names.joined(separator: " "))]"
            if !initNames.isEmpty { message += " or one of the init containers: [\(initNames.joined(separator: " "))]" }
            throw APIStatus.badRequest(message)
        }
    }

    /// The current (or previous) instance of `container`, from the pod's container status.
    static func instance(of pod: JSONValue, pod name: String, container: String, previous: Bool) throws(APIStatus) -> PodLogLines {
        let statuses = (pod.at("status", "containerStatuses")?.arrayValue ?? [])
            + (pod.at("status", "initContainerStatuses")?.arrayValue ?? [])
        let status = statuses.first { $0["name"]?.stringValue == container }
        let spec = ((pod.at("spec", "containers")?.arrayValue ?? []) + (pod.at("spec", "initContainers")?.arrayValue ?? []))
            .first { $0["name"]?.stringValue == container }
        func time(_ value: JSONValue?) -> LogTime? { value?.stringValue.flatMap(Timestamp.parse).map(LogTime.init) }
        var lines = PodLogLines(
            profile: LogCatalogue.profile(for: spec?["image"]?.stringValue ?? ""), pod: name, container: container,
            ip: pod.at("status", "podIP")?.stringValue ?? "", start: LogTime(nanos: 0))
        if previous {
            guard let last = status?.at("lastState", "terminated"), let start = time(last["startedAt"]) else {
                throw APIStatus.badRequest("previous terminated container \"\(container)\" in pod \"\(name)\" not found")
            }
            lines.start = start
            lines.end = time(last["finishedAt"]) ?? start
            lines.completed = last["exitCode"]?.intValue == 0
            return lines
        }
        if let running = status?.at("state", "running"), let start = time(running["startedAt"]) {
            lines.start = start
            return lines
        }
        if let done = status?.at("state", "terminated"), let start = time(done["startedAt"]) {
            lines.start = start
            lines.end = time(done["finishedAt"]) ?? start
            lines.completed = done["exitCode"]?.intValue == 0
            return lines
        }
        let reason = status?.at("state", "waiting", "reason")?.stringValue ?? "ContainerCreating"
        throw APIStatus.badRequest("container \"\(container)\" in pod \"\(name)\" is waiting to start: \(reason)")
    }

    var response: ServerResponse {
        let headers = [("Content-Type", "text/plain")]
        var writer = LogWriter(timestamps: options.timestamps, limitBytes: options.limitBytes)
        if let trainerLog {
            return TrainerLogResponse(store: store, namespace: namespace, podName: podName, log: trainerLog, options: options)
                .response
        }
        guard let lines else { return ServerResponse(status: 200, headers: headers, body: .bytes([])) }
        let now = LogTime(store.now)
        let count = lines.count(at: now)
        var first = lines.firstRetained(at: now)
        if let since = options.since(now: store.now) { first = lines.firstIndex(atOrAfter: since, in: first..<count) }
        if let tail = options.tailLines { first = max(first, count - tail) }
        let body = writer.bytes((first..<count).map(lines.line))
        guard options.follow, lines.end == nil, !writer.exhausted, !ended(store.get("pods", namespace: namespace, name: podName))
        else {
            return ServerResponse(status: 200, headers: headers, body: .bytes(body))
        }
        let request = self
        let resume = writer
        return ServerResponse(status: 200, headers: headers, body: .stream { sink in
            request.stream(into: sink, first: body, next: count, writer: resume)
        })
    }

    private func ended(_ pod: JSONValue?) -> Bool {
        guard let pod else { return true }
        let phase = pod.at("status", "phase")?.stringValue ?? ""
        return phase == "Succeeded" || phase == "Failed"
    }

    /// Writes the initial lines, then each new line as it is due; at the container's
    /// end, the rest of its lines (its completion line).
    func stream(into sink: any ChunkSink, first: [UInt8], next: Int, writer start: LogWriter) {
        guard var lines, sink.write(first) else { return }
        var writer = start
        var index = next
        while !store.watchesClosed && !writer.exhausted {
            let rv = store.resourceVersion
            let due = lines.time(index).date
            let wait = min(max(due.timeIntervalSince(store.now), 0.05), PodLogLines.interval)
            _ = store.waitForChange(after: rv, until: Date().addingTimeInterval(wait))
            let pod = store.get("pods", namespace: namespace, name: podName)
            if ended(pod) {
                guard let pod, let final = try? Self.instance(of: pod, pod: podName, container: container, previous: false)
                else { return }
                lines = final
                _ = sink.write(writer.bytes((index..<lines.count(at: nil)).map(lines.line)))
                return
            }
            let count = lines.count(at: LogTime(store.now))
            if count <= index {
                guard sink.write([]) else { return }  // notices a client that left
                continue
            }
            guard sink.write(writer.bytes((index..<count).map(lines.line))) else { return }
            index = count
        }
    }
}
