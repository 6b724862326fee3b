import Foundation
import MarvelCore
import Synchronization

/// The console's backend against a real (or the embedded) cluster: the
/// catalogue from the template folders, the instances computed from the
/// cluster cache's snapshot (no requests of their own), placement previews
/// decided on that snapshot, actions run one at a time through `Deployer` on
/// a background queue, and logs followed by `LogFollower`s.
public final class LiveConsoleBackend: ConsoleBackend {
    public let deployer: Deployer
    /// The watch caches every view reads.
    public let cache: ClusterCache
    private let currentNamespace: Mutex<String>
    /// The folders searched for templates, best first.
    public let templateDirectories: [String]
    /// REGISTRY, HOSTNAME, … (NAMESPACE is replaced by each action's namespace).
    public let automatic: AutomaticValues
    /// How node labels name layers (placement reads them too).
    public let layerRules: LayerRules
    /// The instances computed for the cache state of one generation.
    private let computedServices = Mutex<(generation: Int, namespace: String, state: ServicesState)?>(nil)
    private let previews = BackgroundCache<PlacementQuery, PlacementPreview>(
        label: "marvdash.placement-preview", placeholder: .pending, maxAge: 5)
    private let headroomCounts = BackgroundCache<HeadroomQuery, HeadroomAnswer>(label: "marvdash.headroom", placeholder: .pending)
    private let loadedCatalog = Mutex<ConsoleCatalog?>(nil)
    private let jobs = Mutex<(next: Int, byID: [Int: ConsoleJob])>((1, [:]))
    private let followers = Mutex<[LogFollower]>([])
    private let queue = DispatchQueue(label: "marvdash.console-actions")

    public init(
        client: KubeClient, cache: ClusterCache, namespace: String, templateDirectories: [String], automatic: AutomaticValues,
        layerRules: LayerRules = LayerRules(), imagePlatforms: (any ImagePlatformSource)? = nil,
        pullCredentials: (any PullCredentialSource)? = nil, mirrors: ImageMirrors = .none
    ) {
        var deployer = Deployer(client: client)
        deployer.imagePlatforms = imagePlatforms
        deployer.pullCredentials = pullCredentials
        deployer.mirrors = mirrors
        self.deployer = deployer
        self.cache = cache
        currentNamespace = Mutex(namespace)
        self.templateDirectories = templateDirectories
        var auto = automatic
        auto.namespace = namespace
        self.automatic = auto
        self.layerRules = layerRules
    }

    // MARK: catalogue

    /// Loads the folders on first use (start() does it in the background); later calls reuse it.
    public func catalog() -> ConsoleCatalog {
        loadedCatalog.withLock { loaded in
            if let loaded { return loaded }
            let (templates, problems) = TemplateCatalog.load(directories: templateDirectories)
            let catalog = ConsoleCatalog(templates: templates, problems: problems.map(\.description))
            loaded = catalog
            return catalog
        }
    }

    public var ingressDomain: String { automatic.ingressDomain }

    /// The namespace instances are listed from and deployed to (`:ns` moves it).
    public var namespace: String { currentNamespace.withLock { $0 } }

    public func switchNamespace(_ namespace: String) {
        currentNamespace.withLock { $0 = namespace }
        computedServices.withLock { $0 = nil }
    }

    public func automaticValues(for template: Template) -> [String: String] {
        var values: [String: String] = [:]
        for variable in template.variables where variable.isAutomatic {
            if let value = automatic.value(for: variable.name) { values[variable.name] = value }
        }
        // The namespace follows `:ns`.
        if values["NAMESPACE"] != nil { values["NAMESPACE"] = namespace }
        return values
    }

    // MARK: services

    /// Computed once per cache generation, from the snapshot the other panes show.
    public func services() -> ServicesState {
        let state = cache.current()
        let namespace = self.namespace
        if let known = computedServices.withLock({ $0 }), known.generation == state.generation, known.namespace == namespace {
            return known.state
        }
        let computed = ServicesState(cache: state, namespace: namespace, rules: layerRules)
        computedServices.withLock { $0 = (state.generation, namespace, computed) }
        return computed
    }

    /// Starts the cache too (once, whoever starts it first: this or the console's data source).
    public func start() {
        cache.start()
        DispatchQueue.global(qos: .userInitiated).async { [self] in _ = self.catalog() }
    }

    public func stop() {
        cache.stop()
        for follower in followers.withLock({ $0 }) { follower.cancel() }
    }

    public func refreshNow() { cache.refreshNow() }

    // MARK: actions

    public func submit(_ request: ConsoleRequest) -> ConsoleJobID {
        let id = jobs.withLock { j -> Int in
            let id = j.next
            j.next += 1
            j.byID[id] = ConsoleJob(request: request)
            return id
        }
        queue.async { [self] in
            let outcome: ConsoleJob.Outcome
            do {
                outcome = .succeeded(try self.run(request, job: id))
            } catch {
                outcome = .failed(String(describing: error))
            }
            self.jobs.withLock { $0.byID[id]?.outcome = outcome }
        }
        return ConsoleJobID(id)
    }

    public func job(_ id: ConsoleJobID) -> ConsoleJob? {
        jobs.withLock { $0.byID[id.rawValue] }
    }

    private func report(_ line: String, job id: Int) {
        jobs.withLock { $0.byID[id]?.progress.append(line) }
    }

    /// Runs one action on the queue; returns the success line or throws with the API's message.
    private func run(_ request: ConsoleRequest, job id: Int) throws -> String {
        switch request {
        case .deploy(let templateID, let values, let namespace, let dryRun):
            return try deploy(templateID: templateID, values: values, namespace: namespace, dryRun: dryRun, placement: nil, job: id)
        case .placedDeploy(let templateID, let values, let namespace, let dryRun, let placement):
            return try deploy(templateID: templateID, values: values, namespace: namespace, dryRun: dryRun, placement: placement, job: id)
        case .upgrade(let name, let namespace, let values):
            return try upgrade(name: name, namespace: namespace, values: values, placement: nil, job: id)
        case .placedUpgrade(let name, let namespace, let values, let placement):
            return try upgrade(name: name, namespace: namespace, values: values, placement: placement, job: id)
        case .rollback(let name, let namespace, let revision):
            report("rolling back \(name) in \(namespace)…", job: id)
            let result = try deployer.rollback(name: name, namespace: namespace, revision: revision)
            reportChanges(result, job: id)
            return "rolled back '\(name)' (now revision \(result.revision)): \(result.applied.count) applied, \(result.pruned.count) pruned"
        case .delete(let name, let namespace):
            report("deleting \(name) in \(namespace)…", job: id)
            let removal = try deployer.remove(name: name, namespace: namespace, purge: false)
            for object in removal.removed { report("removed \(object)", job: id) }
            for claim in removal.keptClaims {
                report("kept PersistentVolumeClaim/\(claim) (its data; delete with P, or marvdash delete --purge, removes it)", job: id)
            }
            let kept = removal.keptClaims.isEmpty ? "" : ", kept \(removal.keptClaims.count) claims with its data"
            return "deleted '\(name)': removed \(removal.removed.count) objects\(kept)"
        case .deleteAndPurge(let name, let namespace):
            report("deleting \(name) in \(namespace) and purging its claims…", job: id)
            let removal = try deployer.remove(name: name, namespace: namespace, purge: true)
            for object in removal.removed { report("removed \(object)", job: id) }
            let claims = removal.removed.filter { $0.hasPrefix("PersistentVolumeClaim/") }.count
            return "deleted '\(name)': removed \(removal.removed.count) objects, \(claims) of them claims with its data"
        case .node(let name, let action):
            report("\(action.phrase(node: name))…", job: id)
            do {
                _ = try deployer.client.perform(action, onNode: name)
            } catch {
                throw ConsoleActionError("cannot \(action.phrase(node: name)): \(error)")
            }
            previews.invalidate()
            return action.done(node: name)
        }
    }

    /// A deploy; `placement` nil leaves scheduling to the cluster.
    private func deploy(
        templateID: String, values: [String: String], namespace: String, dryRun: Bool, placement: ConsolePlacement?, job id: Int
    ) throws -> String {
        guard let template = catalog().templates.first(where: { $0.id == templateID }) else {
            throw ConsoleActionError("template \(templateID) is not in the catalogue (see the Templates pane's problems, key p)")
        }
        let name = values["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
        report("applying \(template.documents.count) documents of \(template.id) as \(name) in \(namespace)…", job: id)
        var auto = automatic
        auto.namespace = namespace
        let result = try deployer.deploy(
            template: template, name: name, values: values, namespace: namespace, automatic: auto, dryRun: dryRun,
            placement: placement?.request(rules: layerRules) ?? .none)
        for object in result.applied { report("applied \(object)", job: id) }
        for line in Self.placementLines(result.placement) { report(line, job: id) }
        for warning in result.warnings { report("⚠ \(warning)", job: id) }
        for line in result.credentials?.displayLines ?? [] { report(line, job: id) }
        let what = dryRun ? "dry run of \(name) accepted" : "deployed \(template.id) as '\(name)' (revision \(result.revision))"
        return "\(what): \(result.applied.count) objects" + Self.credentialsText(result)
    }

    /// An upgrade; `placement` nil keeps the recorded placement.
    private func upgrade(name: String, namespace: String, values: [String: String], placement: ConsolePlacement?, job id: Int) throws -> String {
        report("upgrading \(name) in \(namespace)…", job: id)
        let templateID = services().statuses.first { $0.instance.name == name && $0.instance.namespace == namespace }?.instance.templateID
        let template = templateID.flatMap { tid in catalog().templates.first { $0.id == tid } }
        var auto = automatic
        auto.namespace = namespace
        let result = try deployer.upgrade(
            name: name, namespace: namespace, set: values, automatic: auto, template: template,
            placement: placement?.request(rules: layerRules))
        reportChanges(result, job: id)
        for line in Self.placementLines(result.placement) { report(line, job: id) }
        for warning in result.warnings { report("⚠ \(warning)", job: id) }
        return "upgraded '\(name)' to revision \(result.revision): \(result.applied.count) applied, \(result.pruned.count) pruned"
            + Self.credentialsText(result)
    }

    /// " — basic auth: user admin, password XXXX (shown once)" when the action made a password; the
    /// job's progress shows it on a line of its own too, so it can be selected and copied.
    static func credentialsText(_ result: DeployResult) -> String {
        guard let c = result.credentials else { return "" }
        return " — basic auth: user \(c.user), password \(c.password) (shown once; only its hash is kept, in Secret \(c.secret))"
    }

    /// "placed StatefulSet/kafka on fog-1, fog-2 (auto, spread)" per workload of a recorded decision.
    static func placementLines(_ placement: JSONValue) -> [String] {
        guard let mode = placement["mode"]?.stringValue else { return [] }
        let policy = placement["policy"]?.stringValue ?? ""
        return (placement["workloads"]?.arrayValue ?? []).map { w in
            let nodes = Array(Set((w["nodes"]?.arrayValue ?? []).compactMap(\.stringValue))).sorted().joined(separator: ", ")
            return "placed \(w["workload"]?.stringValue ?? "?") on \(nodes.isEmpty ? "-" : nodes) (\(mode), \(policy))"
        }
    }

    // MARK: placement

    public func placementPreview(_ query: PlacementQuery) -> PlacementPreview {
        if case .none = query.placement.mode { return .unavailable("placement none: the cluster's scheduler decides") }
        return previews.value(for: query) { [self] in self.computePreview(query) }
    }

    /// Counted on a background queue, once per template and snapshot generation.
    public func headroom(_ query: HeadroomQuery, snapshot: ClusterSnapshot) -> HeadroomAnswer {
        headroomCounts.value(for: query) { [self] in self.countHeadroom(query, snapshot: snapshot) }
    }

    private func computePreview(_ query: PlacementQuery) -> PlacementPreview {
        guard let template = catalog().templates.first(where: { $0.id == query.templateID }) else {
            return .failed("template \(query.templateID) is not in the catalogue")
        }
        var auto = automatic
        auto.namespace = query.namespace
        do {
            // Decided on the snapshot the console shows: no request of its own.
            return .decided(try deployer.previewPlacement(
                template: template, name: query.instance, values: query.values, namespace: query.namespace, automatic: auto,
                request: query.placement.request(rules: layerRules), cluster: cache.current().snapshot))
        } catch let error as PlacementError {
            return .refused(error.description)
        } catch {
            return .failed(String(describing: error))
        }
    }

    private func reportChanges(_ result: DeployResult, job id: Int) {
        for object in result.applied { report("applied \(object)", job: id) }
        for object in result.pruned { report("pruned \(object)", job: id) }
        for line in result.credentials?.displayLines ?? [] { report(line, job: id) }
    }

    // MARK: logs

    public func followLogs(_ query: LogQuery) -> any ConsoleLogStream {
        let follower = LogFollower(deployer: deployer, query: query)
        followers.withLock { list in
            list.removeAll { $0.isFinished }
            list.append(follower)
        }
        return follower
    }
}

/// A console action that could not start (the API's failures come as `DeployError`).
struct ConsoleActionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
