import Foundation
import MarvelCore
import Synchronization

/// The embedded cluster's object store: every object as a JSON value, keyed by
/// resource name and (namespace, name). Thread-safe. Each write takes the next
/// value of one global resourceVersion counter and is recorded in a bounded
/// change log, from which watches can be served.
public final class ClusterStore: Sendable {
    let state: Mutex<StoreState>
    private let clock: @Sendable () -> Date
    private let changes = ChangeSignal()

    /// - Parameters:
    ///   - clock: the time stamped into `creationTimestamp`.
    ///   - historyLimit: how many change-log entries are kept.
    public init(clock: @escaping @Sendable () -> Date = { Date() }, historyLimit: Int = 4096) {
        self.clock = clock
        self.state = Mutex(StoreState(historyLimit: max(1, historyLimit)))
    }

    /// The store's current resourceVersion (of its latest write).
    public var resourceVersion: Int { state.withLock { $0.revision } }

    /// The oldest resourceVersion the change log still reaches back to: watches and
    /// continue tokens from before it are expired (410), as after an etcd compaction.
    public var oldestReachableVersion: Int { state.withLock { $0.oldestReachable } }

    /// The current time by the store's clock.
    public var now: Date { clock() }

    /// One object, or nil.
    public func get(_ resource: String, namespace: String = "", name: String) -> JSONValue? {
        state.withLock { $0.objects[resource]?[ObjectKey(namespace: namespace, name: name)] }
    }

    /// Objects of a resource in key order, optionally within one namespace,
    /// with the resourceVersion the listing is consistent with.
    public func list(_ resource: String, namespace: String? = nil) -> (items: [JSONValue], resourceVersion: Int) {
        state.withLock { s in
            let bucket = s.objects[resource] ?? [:]
            // The kept key order: listing 50,000 pods on every controller tick sorts nothing.
            let keys = s.orderedKeys(of: resource)
            guard let namespace else { return (keys.compactMap { bucket[$0] }, s.revision) }
            return (keys.lazy.filter { $0.namespace == namespace }.compactMap { bucket[$0] }, s.revision)
        }
    }

    /// Number of objects of a resource.
    public func count(_ resource: String) -> Int {
        state.withLock { $0.objects[resource]?.count ?? 0 }
    }

    /// Stores a new object. Sets `metadata.uid` (unless given), `metadata.resourceVersion` and,
    /// when absent, `metadata.creationTimestamp`; fills `metadata.name` from
    /// `metadata.generateName` plus a random suffix when the name is empty.
    /// Returns the object as stored.
    @discardableResult
    public func create(_ resource: String, _ object: JSONValue) throws(StoreError) -> JSONValue {
        guard case .object = object, case .object = object["metadata"] ?? .null else {
            throw .invalid(
                resource: resource, detail: "metadata: Required value: the object must be a JSON object with metadata")
        }
        var obj = object
        if (obj.at("metadata", "name")?.stringValue ?? "").isEmpty {
            guard let prefix = obj.at("metadata", "generateName")?.stringValue, !prefix.isEmpty else {
                throw .invalid(
                    resource: resource, detail: "metadata.name: Required value: name or generateName is required")
            }
            obj["metadata"]?["name"] = .string(prefix + NameSuffix.random())
        }
        let stamp = Timestamp.format(clock())
        defer { changes.broadcast() }
        return try state.withLock { s throws(StoreError) in
            let key = ObjectKey(of: obj)
            if s.objects[resource]?[key] != nil { throw .alreadyExists(resource: resource, key: key) }
            let rv = s.nextRevision()
            if obj.at("metadata", "uid")?.stringValue == nil {  // the API server may have chosen it (a Job's selector)
                obj["metadata"]?["uid"] = .string(UUID().uuidString.lowercased())
            }
            obj["metadata"]?["resourceVersion"] = .string(String(rv))
            if obj.at("metadata", "creationTimestamp")?.stringValue == nil {
                obj["metadata"]?["creationTimestamp"] = .string(stamp)
            }
            s.store(resource, key, obj)
            s.record(StoreEvent(type: .added, resource: resource, resourceVersion: rv, object: obj))
            return obj
        }
    }

    /// Replaces an existing object. When the given object carries a
    /// `metadata.resourceVersion`, it must be the stored one (optimistic
    /// concurrency); uid and creationTimestamp are kept from the stored object.
    @discardableResult
    public func update(_ resource: String, _ object: JSONValue) throws(StoreError) -> JSONValue {
        let key = ObjectKey(of: object)
        defer { changes.broadcast() }
        return try state.withLock { s throws(StoreError) in
            guard let old = s.objects[resource]?[key] else { throw .notFound(resource: resource, key: key) }
            let current = old.at("metadata", "resourceVersion")?.stringValue ?? ""
            if let given = object.at("metadata", "resourceVersion")?.stringValue, !given.isEmpty, given != current {
                throw .conflict(resource: resource, key: key, expected: given, current: current)
            }
            var obj = object
            let rv = s.nextRevision()
            obj["metadata"]?["uid"] = old.at("metadata", "uid") ?? .null
            obj["metadata"]?["creationTimestamp"] = old.at("metadata", "creationTimestamp") ?? .null
            if let deleted = old.at("metadata", "deletionTimestamp") { obj["metadata"]?["deletionTimestamp"] = deleted }
            obj["metadata"]?["resourceVersion"] = .string(String(rv))
            s.write(resource, key, obj, revision: rv)
            return obj
        }
    }

    /// Reads, changes and writes one object atomically. `change` runs under
    /// the store's lock: it must not call back into the store.
    @discardableResult
    public func modify(
        _ resource: String, namespace: String = "", name: String, _ change: (inout JSONValue) -> Void
    ) throws(StoreError) -> JSONValue {
        let key = ObjectKey(namespace: namespace, name: name)
        defer { changes.broadcast() }
        return try state.withLock { s throws(StoreError) in
            guard var obj = s.objects[resource]?[key] else { throw .notFound(resource: resource, key: key) }
            let uid = obj.at("metadata", "uid") ?? .null
            let created = obj.at("metadata", "creationTimestamp") ?? .null
            let deleted = obj.at("metadata", "deletionTimestamp")
            change(&obj)
            let rv = s.nextRevision()
            obj["metadata"]?["uid"] = uid
            obj["metadata"]?["creationTimestamp"] = created
            if let deleted { obj["metadata"]?["deletionTimestamp"] = deleted }
            obj["metadata"]?["namespace"] = namespace.isEmpty ? nil : .string(namespace)
            obj["metadata"]?["name"] = .string(name)
            obj["metadata"]?["resourceVersion"] = .string(String(rv))
            s.write(resource, key, obj, revision: rv)
            return obj
        }
    }

    /// Removes an object and returns it as it was (with the delete's resourceVersion).
    /// An object with `metadata.finalizers` is not removed yet: it gets a
    /// `deletionTimestamp` and goes when a write empties its finalizers, as in
    /// the API server.
    @discardableResult
    public func delete(_ resource: String, namespace: String = "", name: String) throws(StoreError) -> JSONValue {
        let key = ObjectKey(namespace: namespace, name: name)
        let stamp = Timestamp.format(clock())
        defer { changes.broadcast() }
        return try state.withLock { s throws(StoreError) in
            guard var obj = s.objects[resource]?[key] else { throw .notFound(resource: resource, key: key) }
            if Finalizers.pending(obj, resource: resource) {
                guard obj.at("metadata", "deletionTimestamp") == nil else { return obj }
                let rv = s.nextRevision()
                obj["metadata"]?["deletionTimestamp"] = .string(stamp)
                obj["metadata"]?["deletionGracePeriodSeconds"] = 0
                obj["metadata"]?["resourceVersion"] = .string(String(rv))
                s.write(resource, key, obj, revision: rv)
                return obj
            }
            s.remove(resource, key)
            let rv = s.nextRevision()
            obj["metadata"]?["resourceVersion"] = .string(String(rv))
            s.record(StoreEvent(type: .deleted, resource: resource, resourceVersion: rv, object: obj))
            return obj
        }
    }

    /// Change-log entries with a resourceVersion greater than `resourceVersion`,
    /// oldest first; nil when the log no longer reaches back that far (a
    /// watcher must re-list, as after a 410 Gone).
    public func events(after resourceVersion: Int, resource: String? = nil) -> [StoreEvent]? {
        state.withLock { s in
            guard resourceVersion >= s.oldestReachable else { return nil }
            return s.history.filter {
                $0.resourceVersion > resourceVersion && (resource == nil || $0.resource == resource)
            }
        }
    }
}

extension ClusterStore {
    /// Blocks until the store holds a write newer than `resourceVersion`
    /// (true), or `deadline` passes or watches are closed (false).
    public func waitForChange(after resourceVersion: Int, until deadline: Date) -> Bool {
        changes.wait(until: deadline) { self.resourceVersion > resourceVersion }
    }

    /// Ends every current and future `waitForChange`, so watch streams finish
    /// (called when the cluster stops).
    public func closeWatches() { changes.close() }

    /// Whether `closeWatches()` was called.
    public var watchesClosed: Bool { changes.isClosed }
}

/// The mutable state behind the store's lock.
struct StoreState: Sendable {
    var objects: [String: [ObjectKey: JSONValue]] = [:]
    /// Every object of `objects` as a list item's JSON text (`ListItemText`), encoded once when
    /// it is written, as kube-apiserver's watch cache keeps objects serialized: a list page is
    /// assembled from these bytes instead of encoding its objects again.
    var encoded: [String: [ObjectKey: [UInt8]]] = [:]
    var revision = 0
    var history: [StoreEvent] = []
    var historyLimit: Int
    /// The smallest resourceVersion a watcher may resume from: events after it are all in `history`.
    var oldestReachable = 0
    /// Per resource, counts objects added and removed (not modified): a sorted key list
    /// made at one count stays valid while the count does (see `ClusterStore+Pages`).
    var membership: [String: Int] = [:]
    /// Per resource, its keys in order and the membership count they were sorted at.
    var sortedKeys: [String: (keys: [ObjectKey], membership: Int)] = [:]

    init(historyLimit: Int) { self.historyLimit = historyLimit }

    mutating func nextRevision() -> Int {
        revision += 1
        return revision
    }

    /// Stores a changed object: a MODIFIED event, or a DELETED one when it was
    /// being deleted and its last finalizer is gone.
    mutating func write(_ resource: String, _ key: ObjectKey, _ object: JSONValue, revision rv: Int) {
        if object.at("metadata", "deletionTimestamp") != nil && !Finalizers.pending(object, resource: resource) {
            remove(resource, key)
            record(StoreEvent(type: .deleted, resource: resource, resourceVersion: rv, object: object))
        } else {
            store(resource, key, object)
            record(StoreEvent(type: .modified, resource: resource, resourceVersion: rv, object: object))
        }
    }

    /// Stores `object` at `key` with its list-item text.
    mutating func store(_ resource: String, _ key: ObjectKey, _ object: JSONValue) {
        objects[resource, default: [:]][key] = object
        encoded[resource, default: [:]][key] = ListItemText.bytes(of: object)
    }

    /// Removes the object at `key` and its text.
    mutating func remove(_ resource: String, _ key: ObjectKey) {
        objects[resource]?[key] = nil
        encoded[resource]?[key] = nil
    }

    mutating func record(_ event: StoreEvent) {
        if event.type != .modified { membership[event.resource, default: 0] += 1 }
        history.append(event)
        // Trim in batches so a write costs O(1) amortised; at least `historyLimit` entries stay.
        if history.count >= historyLimit * 2 {
            let dropped = history.count - historyLimit
            oldestReachable = history[dropped - 1].resourceVersion
            history.removeFirst(dropped)
        }
    }
}
