import Foundation
import MarvelCore

/// What the console can read and do beyond the node/pod snapshot: the template
/// catalogue, the deployed instances, and actions (deploy, upgrade, rollback,
/// delete, logs). Every call returns at once; the work runs on background
/// threads and its progress is read back on the next frame, so panes never
/// block on HTTP and curses stays on the main thread.
public protocol ConsoleBackend: AnyObject, Sendable {
    /// The catalogue and the problems found loading it (malformed files, one line each).
    func catalog() -> ConsoleCatalog
    /// The deployed instances as the cluster data holds them now (cheap: read every frame).
    func services() -> ServicesState
    /// Values the console fills in itself (REGISTRY, NAMESPACE, …) for `template`.
    func automaticValues(for template: Template) -> [String: String]
    /// Starts an action in the background and returns its id at once.
    func submit(_ request: ConsoleRequest) -> ConsoleJobID
    /// The state of a submitted action (nil for an unknown id).
    func job(_ id: ConsoleJobID) -> ConsoleJob?
    /// Starts following the logs `query` names (an instance's pods, one pod or container, the previous container).
    func followLogs(_ query: LogQuery) -> any ConsoleLogStream
    /// Begins background work (the catalogue load; the console calls it once at start).
    func start()
    /// Cancels log streams and background work (the console calls it on exit).
    func stop()
    /// Asks for fresh data now (the `r` key).
    func refreshNow()
    /// The namespace new instances go to and instances are listed from (default "default").
    var namespace: String { get }
    /// Moves to another namespace (`:ns NAME`): instances are listed from it and deployed to it.
    func switchNamespace(_ namespace: String)
    /// The domain instance hosts are made in (HOSTNAME = `<instance>.<domain>` unless one is fixed).
    var ingressDomain: String { get }
    /// Where `query` would run, computed in the background: `.pending` until it is known
    /// (ask again on the next frame). Backends without a placer answer `.unavailable`.
    func placementPreview(_ query: PlacementQuery) -> PlacementPreview
    /// How many more of a template fit per layer of `snapshot`: `.pending` while it is
    /// counted in the background (ask again on the next frame). The default counts at once.
    func headroom(_ query: HeadroomQuery, snapshot: ClusterSnapshot) -> HeadroomAnswer
}

/// The template catalogue as the console shows it.
public struct ConsoleCatalog: Sendable {
    public var templates: [Template]
    /// One line per problem, "file:line:col: message".
    public var problems: [String]

    public init(templates: [Template], problems: [String]) {
        self.templates = templates
        self.problems = problems
    }
}

/// The deployed instances as the console reads them (computed from the watch caches).
public typealias ServicesState = InstancesState

/// An action the console asks the backend to run.
public enum ConsoleRequest: Sendable, Equatable {
    case deploy(templateID: String, values: [String: String], namespace: String, dryRun: Bool)
    case upgrade(name: String, namespace: String, values: [String: String])
    case rollback(name: String, namespace: String, revision: Int?)
    case delete(name: String, namespace: String)
    /// A delete that removes the instance's own claims (their data) too, as `marvdash delete --purge`.
    case deleteAndPurge(name: String, namespace: String)
    /// A deploy placed as the operator chose in the preview (`.deploy` leaves scheduling to the cluster).
    case placedDeploy(templateID: String, values: [String: String], namespace: String, dryRun: Bool, placement: ConsolePlacement)
    /// An upgrade with a new placement (`.upgrade` keeps the recorded one).
    case placedUpgrade(name: String, namespace: String, values: [String: String], placement: ConsolePlacement)
    /// A change to one node from the Nodes pane (one PATCH).
    case node(name: String, action: NodeAction)
}

/// Identifies a submitted action.
public struct ConsoleJobID: Sendable, Hashable {
    public var rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
}

/// A submitted action: what it was, what it has done so far, how it ended.
public struct ConsoleJob: Sendable {
    /// How an action ended, or that it is still running.
    public enum Outcome: Sendable, Equatable {
        case running
        /// One line for the status bar ("deployed kafka (revision 1): 4 objects").
        case succeeded(String)
        /// One line with the API's message.
        case failed(String)
    }

    public var request: ConsoleRequest
    /// Progress lines in order ("applied Deployment/kafka", "removed ConfigMap/marvdash-kafka").
    public var progress: [String]
    public var outcome: Outcome

    public init(request: ConsoleRequest, progress: [String] = [], outcome: Outcome = .running) {
        self.request = request
        self.progress = progress
        self.outcome = outcome
    }
}

/// Lines of followed logs, collected on a background thread.
public protocol ConsoleLogStream: AnyObject, Sendable {
    /// The lines received so far (the oldest may be dropped past a cap), how many were
    /// dropped, and whether it follows, reconnects, ended or failed.
    func read() -> LogReading
    /// Stops following.
    func cancel()
}

extension LogFollower: ConsoleLogStream {}

extension ConsoleBackend {
    public var namespace: String { "default" }
    public func switchNamespace(_ namespace: String) {}
    public var ingressDomain: String { AutomaticValues.defaultIngressDomain }
    public func placementPreview(_ query: PlacementQuery) -> PlacementPreview {
        .unavailable("this console has no placer")
    }

    public func headroom(_ query: HeadroomQuery, snapshot: ClusterSnapshot) -> HeadroomAnswer {
        countHeadroom(query, snapshot: snapshot)
    }

    /// The count itself: the template from the catalogue with its automatic values
    /// (namespace, registry) rendered and packed into each layer (no HTTP).
    public func countHeadroom(_ query: HeadroomQuery, snapshot: ClusterSnapshot) -> HeadroomAnswer {
        guard let template = catalog().templates.first(where: { $0.id == query.templateID }) else {
            return .failed("template \(query.templateID) is not in the catalogue")
        }
        let auto = automaticValues(for: template)
        let automatic = AutomaticValues(
            namespace: auto["NAMESPACE"] ?? namespace, registry: auto["REGISTRY"] ?? AutomaticValues().registry)
        do {
            return .counted(try TemplateHeadroom.compute(
                template: template, automatic: automatic, cluster: snapshot, rules: query.rules, cap: query.cap))
        } catch {
            return .failed(String(describing: error))
        }
    }
}
