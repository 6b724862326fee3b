import Foundation
import Synchronization

/// What a resource view reads each frame: the table, the objects behind it
/// (for describe, YAML and actions), and how the watch is doing.
public struct ResourceViewState: Sendable {
    public var table: ResourceTable?
    /// The watched objects by "namespace/name" (the name alone when cluster-scoped).
    public var objects: [String: JSONValue]
    /// Listed at least once.
    public var synced: Bool
    /// The last failure, one line; nil while lists, watches and tables succeed.
    public var error: String?
    /// Changes whenever anything above changes.
    public var generation: Int

    public init(table: ResourceTable? = nil, objects: [String: JSONValue] = [:], synced: Bool = false, error: String? = nil, generation: Int = 0) {
        self.table = table
        self.objects = objects
        self.synced = synced
        self.error = error
        self.generation = generation
    }
}

/// Keeps one resource view current while it is open: a `Reflector` lists and
/// watches the kind (with the view's namespace and label selector) into a
/// `KindStore`, and after each change the server's Table for the same list
/// is fetched again (at most one fetch in flight and one per `tableInterval`;
/// none while nothing changes), so the columns are kubectl's. A server that
/// answers without a Table gets kubectl's fallback (NAME, AGE) computed from
/// the watched objects, with no further requests. `stop` ends the watch.
public final class ResourceWatch: Sendable {
    public let query: ResourceQuery
    let client: KubeClient
    let store: KindStore<JSONValue>
    private let reflector: Reflector<JSONValue>
    private let tableInterval: Double
    private let state = Mutex(Shared())
    private let queue = DispatchQueue(label: "marvdash.resource-table")

    struct Shared {
        var table: ResourceTable?
        var tableError: String?
        /// nil until the first answer; false once the server answered a Table request with a plain list.
        var serverTables: Bool?
        var fetching = false
        var dirty = false
        var stopped = false
        var generation = 0
        /// The objects by key as of the store's revision `objectsRevision` (rebuilt only after a change).
        var objects: [String: JSONValue] = [:]
        var objectsRevision = -1
    }

    /// The Accept header of a Table request, with JSON as the fallback kubectl also sends.
    public static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json"

    public init(client: KubeClient, query: ResourceQuery, settings: ReflectorSettings = ReflectorSettings(), tableInterval: Double = 0.5) {
        self.query = query
        self.client = client
        self.tableInterval = tableInterval
        let kind = query.cachedKind
        let store = KindStore<JSONValue>()
        self.store = store
        let changed = Mutex<(@Sendable (Bool) -> Void)?>(nil)
        reflector = Reflector(
            kind: kind, client: client, store: store, settings: settings, fallbackNamespace: query.namespace,
            decode: { object, _ in kind.stamped(object) }, onChange: { data in changed.withLock { $0 }?(data) }, onActivity: {})
        changed.withLock { $0 = { [weak self] data in self?.storeChanged(data: data) } }
    }

    public func start() { reflector.start() }

    public func stop() {
        state.withLock { $0.stopped = true }
        reflector.stop()
    }

    /// The view's data now (cheap: read every frame).
    public func current() -> ResourceViewState {
        let status = reflector.status
        let revision = store.revision
        if state.withLock({ $0.objectsRevision }) != revision {
            let (items, fresh) = store.values
            var objects: [String: JSONValue] = [:]
            objects.reserveCapacity(items.count)
            for item in items {
                let meta = item["metadata"] ?? .null
                let name = meta["name"]?.stringValue ?? ""
                let namespace = meta["namespace"]?.stringValue ?? ""
                objects[namespace.isEmpty ? name : "\(namespace)/\(name)"] = item
            }
            state.withLock { s in
                s.objects = objects
                s.objectsRevision = fresh
            }
        }
        return state.withLock { s in
            ResourceViewState(
                table: s.table, objects: s.objects, synced: status.synced, error: status.unavailable ?? status.lastError ?? s.tableError,
                generation: s.generation &+ s.objectsRevision)
        }
    }

    // MARK: the table

    private func storeChanged(data: Bool) {
        if !data {
            // Only the reflector's status: a new error or the first sync of an empty list.
            let emptySync = reflector.status.synced && state.withLock { $0.table == nil }
            state.withLock { $0.generation &+= 1 }
            guard emptySync else { return }
        }
        let start = state.withLock { s -> Bool in
            guard !s.stopped else { return false }
            if s.fetching {
                s.dirty = true
                return false
            }
            s.fetching = true
            return true
        }
        if start { queue.async { [self] in refreshTable() } }
    }

    private func refreshTable() {
        let table = fetchTable()
        let again = state.withLock { s -> Bool in
            switch table {
            case .success(let t):
                s.table = t
                s.tableError = nil
            case .failure(let why):
                s.tableError = why.text
            }
            s.generation &+= 1
            if s.stopped || !s.dirty {
                s.fetching = false
                return false
            }
            s.dirty = false
            return true
        }
        if again { queue.asyncAfter(deadline: .now() + tableInterval) { [self] in refreshTable() } }
    }

    private struct TableFailure: Error { var text: String }

    /// The server's Table of the view's list (page by page), or kubectl's fallback.
    private func fetchTable() -> Result<ResourceTable, TableFailure> {
        let withNamespace = query.allNamespaces
        if state.withLock({ $0.serverTables }) == false {
            return .success(ResourceTable.fallback(objects: store.values.items, withNamespace: withNamespace, now: Date()))
        }
        let narrowed = reflector.status.namespace ?? query.namespace
        let path = query.kind.collectionPath(namespace: narrowed)
        var merged: ResourceTable?
        var token: String?
        repeat {
            var q = query.selectorQuery
            q["limit"] = String(client.pageSize)
            q["includeObject"] = "Metadata"
            if let token { q["continue"] = token }
            let answer: JSONValue
            do {
                let response = try client.send(.get, path, query: q, headers: [("Accept", Self.tableAccept)])
                answer = try JSONValue.parse(response.body)
            } catch {
                return .failure(TableFailure(text: "\(query.kind.plural.lowercased()): \(error)"))
            }
            guard let page = ResourceTable.parse(table: answer, withNamespace: withNamespace) else {
                state.withLock { $0.serverTables = false }
                return .success(ResourceTable.fallback(objects: store.values.items, withNamespace: withNamespace, now: Date()))
            }
            state.withLock { $0.serverTables = true }
            if merged == nil { merged = page } else { merged?.rows += page.rows }
            token = answer.at("metadata", "continue")?.stringValue
            if token?.isEmpty == true { token = nil }
        } while token != nil
        return .success(merged ?? ResourceTable(columns: [], rows: [], fromServer: true))
    }
}
