import Foundation
import MarvelCore
import Synchronization
@testable import MarvelTUI

/// A log stream the test feeds by hand.
final class FakeLogStream: ConsoleLogStream {
    private let state = Mutex<(lines: [LogLine], follow: LogFollowState, cancelled: Bool)>(([], .following, false))

    /// Lines as the API sends them with timestamps=true ("<RFC 3339> text"), or plain text.
    func append(_ newLines: [String], source: String = "") { state.withLock { $0.lines += newLines.map { LogLine.parse($0, source: source) } } }
    /// "" ends the stream normally; anything else is the error it stopped with.
    func finish(_ reason: String) { state.withLock { $0.follow = reason.isEmpty ? .ended : .failed(reason) } }
    func set(_ follow: LogFollowState) { state.withLock { $0.follow = follow } }
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func read() -> LogReading { state.withLock { LogReading(lines: $0.lines, dropped: 0, state: $0.cancelled ? .ended : $0.follow) } }
    func cancel() { state.withLock { $0.cancelled = true } }
}

/// A log stream the fake backend opened, and what it was asked to follow.
struct OpenedLogs {
    var query: LogQuery
    var stream: FakeLogStream
    var instance: String { query.instance }
    var namespace: String { query.namespace }
}

/// A console backend holding canned instances; it records every request and
/// every log stream opened, and finishes jobs when the test says so.
final class FakeServicesBackend: ConsoleBackend {
    struct State {
        var services = ServicesState()
        var templates: [Template] = []
        var requests: [ConsoleRequest] = []
        var jobs: [Int: ConsoleJob] = [:]
        var streams: [OpenedLogs] = []
        var refreshes = 0
    }

    private let state = Mutex(State())

    init(services: ServicesState = ServicesState(), templates: [Template] = []) {
        state.withLock {
            $0.services = services
            $0.templates = templates
        }
    }

    var requests: [ConsoleRequest] { state.withLock { $0.requests } }
    var streams: [OpenedLogs] { state.withLock { $0.streams } }

    func setServices(_ services: ServicesState) { state.withLock { $0.services = services } }

    /// Ends job `id` with `outcome`, after adding `progress` lines.
    func finish(_ id: Int, progress: [String], outcome: ConsoleJob.Outcome) {
        state.withLock {
            $0.jobs[id]?.progress += progress
            $0.jobs[id]?.outcome = outcome
        }
    }

    func catalog() -> ConsoleCatalog { ConsoleCatalog(templates: state.withLock { $0.templates }, problems: []) }
    func services() -> ServicesState { state.withLock { $0.services } }
    func automaticValues(for template: Template) -> [String: String] { ["REGISTRY": "reg.local:5000"] }

    func submit(_ request: ConsoleRequest) -> ConsoleJobID {
        state.withLock {
            $0.requests.append(request)
            let id = $0.requests.count
            $0.jobs[id] = ConsoleJob(request: request, progress: ["started"])
            return ConsoleJobID(id)
        }
    }

    func job(_ id: ConsoleJobID) -> ConsoleJob? { state.withLock { $0.jobs[id.rawValue] } }

    func followLogs(_ query: LogQuery) -> any ConsoleLogStream {
        let stream = FakeLogStream()
        state.withLock { $0.streams.append(OpenedLogs(query: query, stream: stream)) }
        return stream
    }

    func start() {}
    func stop() {}
    func refreshNow() { state.withLock { $0.refreshes += 1 } }
}

/// Canned instances and a console showing the Services pane.
enum ServicesFixtures {
    typealias Pod = InstanceStatus.PodEntry

    static let now = Date(timeIntervalSince1970: 1_796_029_687)
    static let pendingReason = "0/11 nodes are available: 3 Insufficient cpu, 8 Insufficient nvidia.com/gpu. preemption: 0/11 nodes are available: 11 No preemption victims found for incoming pod."

    static func object(_ kind: String, _ name: String, apiVersion: String = "v1", extra: JSONObject = JSONObject()) -> JSONValue {
        var o: JSONObject = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": .string(name)]]
        for m in extra { o[m.key] = m.value }
        return .object(o)
    }

    static var kafka: InstanceStatus {
        let env: JSONValue = [["name": "KAFKA_PASSWORD", "value": "hunter2"], ["name": "KAFKA_PORT", "value": "9092"]]
        let manifests = [
            object("Service", "zookeeper"),
            object("Deployment", "zookeeper", apiVersion: "apps/v1"),
            object("Service", "kafka"),
            object("Deployment", "kafka", apiVersion: "apps/v1", extra: [
                "spec": ["template": ["spec": ["containers": [["name": "kafka", "image": "reg/kafka:3", "env": env]]]]],
            ]),
        ]
        let instance = Instance(
            name: "kafka", namespace: "default", templateID: "kafka", revision: 3,
            values: ["NAME": "kafka", "KAFKA_PASSWORD": "hunter2", "ZK_REPLICAS": "1"], managedBy: .marvdash,
            createdAt: now.addingTimeInterval(-12 * 60 - 5), placement: [
                "mode": "auto", "policy": "spread",
                "workloads": [["workload": "Deployment/kafka", "nodes": ["mtfog1"], "layer": "fog", "summary": "4/11 nodes are available"]],
            ], revisions: [1, 2, 3], manifests: manifests)
        return InstanceStatus(
            instance: instance,
            pods: [
                Pod(name: "kafka-7d9c-x2x", phase: "Running", status: "Running", ready: "1/1", node: "mtfog1", layer: .fog, restarts: 0, pendingReason: nil),
                Pod(name: "zookeeper-55f-q8", phase: "Running", status: "Running", ready: "1/1", node: "mtcloud1", layer: .cloud, restarts: 2, pendingReason: nil),
            ],
            ready: 2, desired: 2, endpoints: ["10.96.0.12:9092", "10.96.0.13:2181"])
    }

    static var gpuTrain: InstanceStatus {
        let instance = Instance(
            name: "gpu-train", namespace: "default", templateID: "dynhp-train", revision: 1, values: ["NAME": "gpu-train", "GPUS": "8"],
            managedBy: .marvdash, createdAt: now.addingTimeInterval(-45), revisions: [1], manifests: [object("Job", "gpu-train", apiVersion: "batch/v1")])
        return InstanceStatus(
            instance: instance,
            pods: [Pod(name: "gpu-train-abcde", phase: "Pending", status: "Pending", ready: "0/1", node: "", layer: nil, restarts: 0, pendingReason: pendingReason)],
            ready: 0, desired: 1, endpoints: [])
    }

    static var legacy: InstanceStatus {
        let instance = Instance(
            name: "legacy", namespace: "default", templateID: "jupyter", revision: 0, values: ["NAME": "legacy", "TOKEN": "abc"], managedBy: .karvdash,
            createdAt: now.addingTimeInterval(-3 * 3600 - 20), manifests: [object("Service", "legacy")])
        return InstanceStatus(
            instance: instance,
            pods: [Pod(name: "legacy-0", phase: "Running", status: "Running", ready: "1/1", node: "mtedge3", layer: .edge, restarts: 0, pendingReason: nil)],
            ready: 1, desired: 1, endpoints: ["10.96.0.40:8888"])
    }

    static var web: InstanceStatus {
        let instance = Instance(
            name: "web", namespace: "default", templateID: "smartviz", revision: 1, values: ["NAME": "web"], managedBy: .marvdash,
            createdAt: now.addingTimeInterval(-2 * 86400 - 60), revisions: [1], manifests: [object("Deployment", "web", apiVersion: "apps/v1")])
        return InstanceStatus(
            instance: instance,
            pods: [
                Pod(name: "web-1", phase: "Running", status: "Running", ready: "1/1", node: "mtcloud1", layer: .cloud, restarts: 0, pendingReason: nil),
                Pod(name: "web-2", phase: "Running", status: "CrashLoopBackOff", ready: "0/1", node: "mtcloud2", layer: .cloud, restarts: 7, pendingReason: nil),
            ],
            ready: 1, desired: 2, endpoints: [])
    }

    static func state(_ statuses: [InstanceStatus] = [kafka, gpuTrain, legacy, web], error: String? = nil, polled: Bool = true) -> ServicesState {
        ServicesState(statuses: statuses, error: error, fetchedAt: polled ? now.addingTimeInterval(-3) : nil, generation: 1)
    }

    /// A console with the fake backend, showing the Services pane.
    static func console(_ backend: FakeServicesBackend, readOnly: Bool = false) -> Console {
        let source = StaticDataSource(snapshot: nil, connection: .connected(at: now))
        let options = ConsoleOptions(
            source: source, contextName: "marvel-pilot", namespace: "default", serverURL: "https://127.0.0.1:6443", readOnly: readOnly,
            timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:], backend: backend)
        let fixed = now
        let console = Console(options: options, panes: [
            NodesPane(), ServicesPane(clock: { fixed }), PlaceholderPane(title: "Templates"), PlaceholderPane(title: "Images"),
            PlaceholderPane(title: "Training"),
        ])
        _ = console.handle(.char("2"))
        return console
    }

    static func render(_ console: Console, rows: Int = 24, columns: Int = 80) -> MemoryScreen {
        let screen = MemoryScreen(rows: rows, columns: columns)
        console.render(on: screen, now: now)
        return screen
    }

    static func press(_ console: Console, _ keys: Key...) {
        for key in keys { _ = console.handle(key) }
    }

    static func pane(_ console: Console) -> ServicesPane? { console.activePane as? ServicesPane }

    /// The row whose text starts with `name` followed by a space.
    static func row(_ screen: MemoryScreen, of name: String) -> Int? {
        (0..<screen.rows).first { screen.line($0).hasPrefix(name + " ") }
    }
}
