import Foundation
import Synchronization

/// The console's one source of cluster data: a reflector per kind (nodes, pods,
/// and `settings.kinds`) keeping an indexed store equal to the server through
/// list-then-watch, a publisher that turns the stores into an immutable
/// `ClusterSnapshot` when they really changed (its generation rises only then),
/// and a monitor that reads usage from the metrics API now and then and probes
/// the server's health when nothing came from it for a while, so a server that
/// stops answering shows as such within seconds. Readers call `current()` from
/// any thread.
public final class ClusterCache: Sendable {
    public let client: KubeClient
    public let settings: ClusterCacheSettings
    /// Watched instead of every namespace when listing those is forbidden.
    public let fallbackNamespace: String?

    private let nodes = KindStore<Node>()
    private let pods = KindStore<Pod>()
    private let objects: [CachedKind: KindStore<JSONValue>]
    private let namespaceNames = KindStore<String>()
    private let reflectors: [any CacheReflector]
    private let nodeReflector: any CacheReflector
    private let podReflector: any CacheReflector

    private let published = Mutex(ClusterCacheState())
    private let preparation = Mutex<(@Sendable (ClusterSnapshot) -> ClusterSnapshot)?>(nil)
    private let dirty = Mutex((changes: 0, dataChanges: 0))
    private let publisherPause = Pause()
    private let monitorPause = Pause()
    private let versionPause = Pause()
    private let monitor = Mutex(MonitorState())
    private let started = Mutex(false)
    private let serverVersion = Mutex("")

    /// What the monitor knows about the server's health and usage.
    private struct MonitorState {
        var lastActivity = Date()
        var lastProbe = Date.distantPast
        var notRespondingSince: Date?
        var probeFailure: (message: String, since: Date)?
        var usage: ClusterUsage?
        var usageAvailable: Bool?
        var usageNotice: String?
        var nextUsageRead = Date.distantPast
        var usageRevision = 0
        var connectedAt: Date?
    }

    /// Publisher-thread state: the last snapshot and what it was built from.
    private let built: Mutex<SnapshotBuilder>
    /// The last early snapshot (nodes only), until the first full one.
    private let earlyBuilt = Mutex<ClusterSnapshot?>(nil)

    public init(client: KubeClient, settings: ClusterCacheSettings = ClusterCacheSettings(), fallbackNamespace: String? = nil) {
        self.client = client
        self.settings = settings
        self.fallbackNamespace = fallbackNamespace
        var objects: [CachedKind: KindStore<JSONValue>] = [:]
        for kind in settings.kinds where kind.slot != .namespaces && kind.slot != .nodes && kind.slot != .pods { objects[kind] = KindStore() }
        self.objects = objects
        built = Mutex(SnapshotBuilder(incrementalLimit: settings.incrementalLimit))

        // The reflectors report to the cache through a box filled once the cache exists.
        let link = CacheLink()
        let onChange: @Sendable (Bool) -> Void = { data in link.cache?.changed(data: data) }
        let onActivity: @Sendable () -> Void = { link.cache?.sawActivity() }
        func reflector<Item: Sendable & Equatable>(
            _ kind: CachedKind, _ store: KindStore<Item>, reader: ListItemReader<Item>? = nil, _ decode: @escaping Reflector<Item>.Decode
        ) -> Reflector<Item> {
            Reflector(
                kind: kind, client: client, store: store, settings: settings.reflector, fallbackNamespace: fallbackNamespace,
                reader: reader, decode: decode, onChange: onChange, onActivity: onActivity)
        }
        // Nodes and pods are listed straight from the pages' bytes, reading only the fields their decoders read.
        nodeReflector = reflector(.nodes, nodes, reader: .nodes) { json, interner throws(KubeDecodingError) in
            try Node(json: json, sharing: interner)
        }
        podReflector = reflector(.pods, pods, reader: .pods) { json, interner throws(KubeDecodingError) in
            try Pod(json: json, sharing: interner)
        }
        var all: [any CacheReflector] = [nodeReflector, podReflector]
        for kind in settings.kinds {
            if kind.slot == .namespaces {
                all.append(reflector(kind, namespaceNames) { json, _ in json.at("metadata", "name")?.stringValue })
            } else if let store = objects[kind] {
                all.append(reflector(kind, store) { json, _ in kind.stamped(json) })
            }
        }
        reflectors = all
        link.cache = self
    }

    /// Sets work done on every fresh snapshot on the publishing thread before it is
    /// published (e.g. `preparingNodeInventory(rules:)`), so readers get finished views.
    public func prepareSnapshots(with prepare: @escaping @Sendable (ClusterSnapshot) -> ClusterSnapshot) {
        preparation.withLock { $0 = prepare }
    }

    /// The latest published state.
    public func current() -> ClusterCacheState { published.withLock { $0 } }

    /// What each reflector is doing (tests, diagnostics).
    public var reflectorStatuses: [ReflectorStatus] { reflectors.map(\.status) }

    /// Starts the reflectors, the publisher and the monitor (once).
    public func start() {
        guard started.withLock({ s -> Bool in defer { s = true }; return !s }) else { return }
        monitor.withLock { $0.lastActivity = Date() }
        for r in reflectors { r.start() }
        let publisher = Thread { [self] in publishLoop() }
        publisher.name = "marvdash.cache-publisher"
        publisher.start()
        let watcher = Thread { [self] in monitorLoop() }
        watcher.name = "marvdash.cache-monitor"
        watcher.start()
        let version = Thread { [self] in readServerVersion() }
        version.name = "marvdash.cache-version"
        version.start()
    }

    /// Stops every thread; open watches are cancelled.
    public func stop() {
        for r in reflectors { r.stop() }
        publisherPause.stop()
        monitorPause.stop()
        versionPause.stop()
    }

    /// Asks for fresh data now: back-offs are cut short, usage is read and the server probed.
    public func refreshNow() {
        monitor.withLock { m in
            m.nextUsageRead = .distantPast
            m.lastProbe = .distantPast
        }
        for r in reflectors { r.wake() }
        monitorPause.wake()
    }

    /// Waits until nodes and pods are listed and a snapshot is out (tests, the bench); false on timeout.
    public func waitUntilSynced(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if current().snapshot != nil { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return current().snapshot != nil
    }

    // MARK: events from the reflectors

    fileprivate func changed(data: Bool) {
        dirty.withLock { d in
            d.changes += 1
            if data { d.dataChanges += 1 }
        }
        publisherPause.wake()
    }

    fileprivate func sawActivity() {
        let recovered = monitor.withLock { m -> Bool in
            m.lastActivity = Date()
            guard m.notRespondingSince != nil || m.probeFailure != nil else { return false }
            m.notRespondingSince = nil
            m.probeFailure = nil
            return true
        }
        if recovered { changed(data: false) }
    }

    // MARK: publishing

    private func publishLoop() {
        var handled = -1
        while !publisherPause.isStopped {
            let pending = dirty.withLock { $0.changes }
            if pending == handled {
                guard publisherPause.sleep(5) else { return }
                continue
            }
            // Gather the burst of changes that usually follows the first one.
            guard publisherPause.sleep(settings.publishDelay) else { return }
            handled = dirty.withLock { $0.changes }
            publish()
        }
    }

    /// Builds the snapshot (when the data changed), the connection state and the notes, and
    /// publishes them when any of them differs from what is out.
    private func publish() {
        let statuses = reflectors.map(\.status)
        let nodeStatus = nodeReflector.status
        let podStatus = podReflector.status
        let (usage, usageRevision, notice) = monitor.withLock { ($0.usage, $0.usageRevision, $0.usageNotice) }
        var snapshot = built.withLock { $0.snapshot }
        if nodeStatus.synced && podStatus.synced {
            snapshot = buildSnapshot(usage: usage, usageRevision: usageRevision, namespaceOnly: podStatus.namespace)
        }
        let early = snapshot == nil && nodeStatus.synced ? earlySnapshot() : nil
        if snapshot != nil { earlyBuilt.withLock { $0 = nil } }
        let connection = connectionState(statuses: statuses, synced: snapshot != nil)
        let notes = Self.notes(statuses) + (early != nil ? [Self.podsLoadingNote] : [])
        published.withLock { s in
            let changed = s.snapshot?.generation != snapshot?.generation || (s.snapshot == nil) != (snapshot == nil)
                || s.early?.generation != early?.generation || (s.early == nil) != (early == nil)
                || s.connection != connection || s.notes != notes || s.usageNotice != notice
            guard changed else { return }
            s.snapshot = snapshot
            s.early = early
            s.connection = connection
            s.notes = notes
            s.usageNotice = notice
            s.generation += 1
        }
    }

    /// The snapshot of the stores, built (or updated) only when a store or the usage changed.
    private func buildSnapshot(usage: ClusterUsage?, usageRevision: Int, namespaceOnly: String?) -> ClusterSnapshot {
        let version = serverVersion.withLock { $0 }
        let prepare = preparation.withLock { $0 }
        let stores = SnapshotStores(nodes: nodes, pods: pods, namespaces: namespaceNames, objects: objects)
        return built.withLock { builder in
            builder.build(
                from: stores, usage: usage, usageRevision: usageRevision, namespaceOnly: namespaceOnly, serverVersion: version,
                prepare: prepare)
        }
    }

    /// The title bar's note while the early snapshot is shown.
    public static let podsLoadingNote = "pods loading…"

    /// The nodes alone, pods still loading, numbered by the node store's revision; built again
    /// only when the nodes changed.
    private func earlySnapshot() -> ClusterSnapshot {
        let (items, revision) = nodes.values
        if let known = earlyBuilt.withLock({ $0 }), known.generation == revision { return known }
        var early = ClusterSnapshot(nodes: items.sorted { $0.name < $1.name }, pods: [], serverVersion: serverVersion.withLock { $0 })
        early.podsLoading = true
        early.generation = revision
        if let prepare = preparation.withLock({ $0 }) { early = prepare(early) }
        earlyBuilt.withLock { $0 = early }
        return early
    }

    /// Not responding beats failing beats connecting beats connected.
    private func connectionState(statuses: [ReflectorStatus], synced: Bool) -> ConnectionState {
        let (silentSince, probeFailure) = monitor.withLock { ($0.notRespondingSince, $0.probeFailure) }
        if let silentSince { return .notResponding(since: silentSince) }
        if let probeFailure { return .failed(message: probeFailure.message, since: probeFailure.since) }
        let failing = statuses.filter { $0.lastError != nil && $0.unavailable == nil }
            .min { ($0.failingSince ?? .distantFuture) < ($1.failingSince ?? .distantFuture) }
        if let failing, let message = failing.lastError {
            monitor.withLock { $0.connectedAt = nil }
            return .failed(message: message, since: failing.failingSince ?? Date())
        }
        guard synced else { return .connecting }
        let at = monitor.withLock { m -> Date in
            if m.connectedAt == nil { m.connectedAt = Date() }
            return m.connectedAt ?? Date()
        }
        return .connected(at: at)
    }

    /// Lasting notes about what cannot be seen.
    static func notes(_ statuses: [ReflectorStatus]) -> [String] {
        var notes: [String] = []
        if let ns = statuses.first(where: { $0.kind == .pods })?.namespace {
            notes.append("namespace \(ns) only (no rights to list every namespace)")
        }
        if statuses.contains(where: { $0.kind == .nodes && $0.unavailable != nil }) {
            notes.append("not allowed to list nodes")
        }
        return notes
    }

    // MARK: the monitor: liveness and usage

    private func monitorLoop() {
        while monitorPause.sleep(ClusterCacheSettings.monitorTick) {
            let now = Date()
            let (quiet, sinceProbe, failing, usageDue) = monitor.withLock { m in
                (now.timeIntervalSince(m.lastActivity), now.timeIntervalSince(m.lastProbe),
                 m.notRespondingSince != nil || m.probeFailure != nil, now >= m.nextUsageRead)
            }
            if settings.livenessQuiet > 0 {
                let due = failing ? sinceProbe >= settings.probeRetry
                    : quiet >= settings.livenessQuiet && sinceProbe >= settings.livenessQuiet
                if due { probe() }
            }
            if settings.usageInterval > 0 && usageDue && current().snapshot != nil { readUsage() }
        }
    }

    /// The server's version for the snapshot, asked for until it is known (once a minute after failures).
    private func readServerVersion() {
        while !versionPause.isStopped {
            if let version = try? client.serverVersion() {
                serverVersion.withLock { $0 = version }
                changed(data: false)
                return
            }
            versionPause.sleep(60)
        }
    }

    /// One health probe: `/readyz`, or `/version` on servers without it. Any HTTP answer
    /// means the server responds; no answer in time means it does not.
    private func probe() {
        let started = Date()
        monitor.withLock { $0.lastProbe = started }
        do {
            var response = try client.exchange(.get, "/readyz", timeout: settings.probeTimeout)
            if response.status == 404 { response = try client.exchange(.get, "/version", timeout: settings.probeTimeout) }
            let recovered = monitor.withLock { m -> Bool in
                m.lastActivity = Date()
                defer {
                    m.notRespondingSince = nil
                    m.probeFailure = nil
                }
                return m.notRespondingSince != nil || m.probeFailure != nil
            }
            if recovered {
                for r in reflectors { r.wake() }
                changed(data: false)
            }
        } catch {
            monitor.withLock { m in
                if case .transport(.timeout, _, _) = error {
                    if m.notRespondingSince == nil { m.notRespondingSince = m.lastActivity }
                } else {
                    m.notRespondingSince = nil
                    if m.probeFailure == nil { m.probeFailure = (error.description, started) }
                }
            }
            changed(data: false)
        }
    }

    /// Reads node usage and the usage of marvdash's pods; a missing metrics API is noted once.
    private func readUsage() {
        let namespace = podReflector.status.namespace
        let nodeCount = nodes.count
        do {
            let nodes = try client.nodeUsage()
            let pods = try client.podUsage(namespace: namespace, labelSelector: "\(InstanceLabels.managedBy)=marvdash")
            let usage = ClusterUsage(nodes: nodes, pods: pods)
            let changedUsage = monitor.withLock { m -> Bool in
                m.nextUsageRead = Date().addingTimeInterval(settings.usageInterval(forNodes: nodeCount))
                m.usageAvailable = true
                m.usageNotice = nil
                guard m.usage != usage else { return false }
                m.usage = usage
                m.usageRevision += 1
                return true
            }
            if changedUsage { changed(data: true) }
        } catch let missing as KubeClient.UsageUnavailable {
            monitor.withLock { m in
                m.nextUsageRead = Date().addingTimeInterval(settings.usageRecheck)
                m.usageAvailable = false
                m.usageNotice = missing.description
                if m.usage != nil {
                    m.usage = nil
                    m.usageRevision += 1
                }
            }
            changed(data: true)
        } catch {
            // A failed read keeps the last usage; the reflectors and the probe report the connection.
            monitor.withLock { $0.nextUsageRead = Date().addingTimeInterval(min(settings.usageInterval, 15)) }
        }
    }
}

/// Lets the reflectors, made before the cache exists, reach it afterwards.
private final class CacheLink: Sendable {
    private let target = Mutex<ClusterCache?>(nil)
    var cache: ClusterCache? {
        get { target.withLock { $0 } }
        set { target.withLock { $0 = newValue } }
    }
}
