import Foundation
import MarvelCore
import MarvelTUI
import Synchronization

/// A console backend for pane tests: a fixed catalogue, canned services, and
/// actions that are recorded and end at once with the configured outcome.
final class FakeConsoleBackend: ConsoleBackend {
    private let state: Mutex<State>

    struct State {
        var catalog: ConsoleCatalog
        var services = ServicesState()
        var automatic: [String: String] = ["NAMESPACE": "default", "REGISTRY": "reg.test:5000"]
        var requests: [ConsoleRequest] = []
        var jobs: [ConsoleJob] = []
        /// How submitted actions end.
        var outcome: ConsoleJob.Outcome = .succeeded("deployed")
        var progress: [String] = ["applied Deployment/web"]
        /// Answers placement previews (nil: the protocol's "unavailable").
        var placer: (@Sendable (PlacementQuery) -> PlacementPreview)?
        var placementQueries: [PlacementQuery] = []
        /// Headroom answers `.pending` while set (as a background count would at first).
        var headroomPending = false
        var headroomQueries: [HeadroomQuery] = []
    }

    init(catalog: ConsoleCatalog, outcome: ConsoleJob.Outcome = .succeeded("deployed"), progress: [String] = ["applied Deployment/web"]) {
        state = Mutex(State(catalog: catalog, outcome: outcome, progress: progress))
    }

    var requests: [ConsoleRequest] { state.withLock { $0.requests } }

    func setOutcome(_ outcome: ConsoleJob.Outcome) { state.withLock { $0.outcome = outcome } }

    /// Placement previews from `placer` (synchronously: no pending state in pane tests).
    func setPlacer(_ placer: @escaping @Sendable (PlacementQuery) -> PlacementPreview) { state.withLock { $0.placer = placer } }

    var placementQueries: [PlacementQuery] { state.withLock { $0.placementQueries } }

    func placementPreview(_ query: PlacementQuery) -> PlacementPreview {
        let placer = state.withLock { s -> (@Sendable (PlacementQuery) -> PlacementPreview)? in
            s.placementQueries.append(query)
            return s.placer
        }
        return placer?(query) ?? .unavailable("this console has no placer")
    }

    func setHeadroomPending(_ pending: Bool) { state.withLock { $0.headroomPending = pending } }

    var headroomQueries: [HeadroomQuery] { state.withLock { $0.headroomQueries } }

    func headroom(_ query: HeadroomQuery, snapshot: ClusterSnapshot) -> HeadroomAnswer {
        let pending = state.withLock { s in
            s.headroomQueries.append(query)
            return s.headroomPending
        }
        return pending ? .pending : countHeadroom(query, snapshot: snapshot)
    }

    func catalog() -> ConsoleCatalog { state.withLock { $0.catalog } }
    func services() -> ServicesState { state.withLock { $0.services } }

    func setServices(_ services: ServicesState) { state.withLock { $0.services = services } }
    func automaticValues(for template: Template) -> [String: String] {
        let all = state.withLock { $0.automatic }
        return all.filter { template.variable(named: $0.key)?.isAutomatic == true }
    }
    func submit(_ request: ConsoleRequest) -> ConsoleJobID {
        state.withLock { s in
            s.requests.append(request)
            s.jobs.append(ConsoleJob(request: request, progress: s.progress, outcome: s.outcome))
            return ConsoleJobID(s.jobs.count - 1)
        }
    }
    func job(_ id: ConsoleJobID) -> ConsoleJob? {
        state.withLock { s in s.jobs.indices.contains(id.rawValue) ? s.jobs[id.rawValue] : nil }
    }
    func followLogs(_ query: LogQuery) -> any ConsoleLogStream { EndedLogStream() }
    func start() {}
    func stop() {}
    func refreshNow() {}
}

/// A log stream that has ended with no lines.
final class EndedLogStream: ConsoleLogStream {
    func read() -> LogReading { LogReading(lines: [], dropped: 0, state: .ended) }
    func cancel() {}
}

/// Templates for the Templates pane and deploy flow tests.
enum BackendFixtures {
    static let webText = """
        apiVersion: v1
        kind: Service
        metadata:
          name: ${NAME}
        spec:
          selector:
            app: ${NAME}
          ports:
          - port: 80
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${NAME}
        spec:
          replicas: ${REPLICAS}
          selector:
            matchLabels:
              app: ${NAME}
          template:
            metadata:
              labels:
                app: ${NAME}
            spec:
              containers:
              - name: web
                image: ${REGISTRY}/nginx:1
                args: ["--mode", "${MODE}", "--debug", "${DEBUG}"]
                resources:
                  requests:
                    cpu: 250m
                    memory: 128Mi
        ---
        kind: Template
        name: Web server
        description: a small test web server
        singleton: no
        variables:
        - name: NAMESPACE
          default: default
        - name: REGISTRY
          default: registry.local:5000
        - name: NAME
          default: web
          label: Name
          help: Service name (a DNS label)
        - name: REPLICAS
          default: 2
          label: Replicas
          help: How many pods serve requests
          type: int
        - name: MODE
          default: fast
          label: Mode
          help: How the server runs
          choices: [fast, safe]
        - name: DEBUG
          default: no
          label: Debug logs
          help: Log every request
          type: bool
        placement:
          layer: fog
          prefer: [fog, cloud]

        """

    static let malformedText = """
        kind: Template
        name: Broken
        variables:
        - name: NAME
          default: x
          type: number

        """

    static func web() throws -> Template { try Template.parse(webText, file: "/t/web.template.yaml") }

    /// The catalogue: web, plus one problem line from a malformed file.
    static func catalog() throws -> ConsoleCatalog {
        let problems = Template.lint(malformedText, file: "/t/broken.template.yaml").filter(\.isError).map(\.description)
        return ConsoleCatalog(templates: [try web()], problems: problems)
    }

    /// A console whose Templates pane (tab 3) is backed by `backend`.
    static func console(_ backend: FakeConsoleBackend, readOnly: Bool = false) -> Console {
        let source = StaticDataSource(snapshot: nil, connection: .connecting)
        let options = ConsoleOptions(
            source: source, contextName: "test", namespace: "default", serverURL: "https://127.0.0.1:6443", readOnly: readOnly,
            timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:], backend: backend)
        let console = Console(options: options, panes: [NodesPane(), PlaceholderPane(title: "Services"), TemplatesPane()])
        _ = console.handle(.char("3"))
        return console
    }
}
