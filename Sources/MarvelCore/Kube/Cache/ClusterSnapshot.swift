import Foundation

/// Everything the views need from the cluster at one moment: an immutable
/// value the watch caches publish (or a one-shot list fills), handed across
/// threads and rendered without further API calls. Its `generation` changes
/// only when the data really changed.
public struct ClusterSnapshot: Sendable, Hashable {
    public var nodes: [Node] { didSet { dropNodeInventory() } }
    public var pods: [Pod] { didSet { dropNodeInventory() } }
    /// The server's gitVersion ("v1.30.2").
    public var serverVersion: String
    /// When the data was read (a list), or last changed (the caches).
    public var fetchedAt: Date
    /// Namespace names.
    public var namespaces: [String]
    /// Services and Ingresses (instance endpoints, Karvdash services), as the API sent them.
    public var services: [JSONValue]
    public var ingresses: [JSONValue]
    /// Deployments, StatefulSets, DaemonSets and Jobs that marvdash manages (with their status).
    public var workloads: [JSONValue]
    /// ConfigMaps and Secrets that marvdash manages: instance records and instances' configuration.
    public var managedObjects: [JSONValue]
    /// FailedScheduling events (why pods are Pending).
    public var schedulingEvents: [JSONValue]
    /// PersistentVolumeClaims.
    public var claims: [JSONValue]
    /// What nodes and marvdash's pods use (metrics.k8s.io); nil when the metrics API is missing.
    /// Setting it drops a prepared Nodes view model (its rows show usage).
    public var usage: ClusterUsage? { didSet { dropNodeInventory() } }
    /// Set when the user may not list every namespace: only this one is seen.
    public var namespaceOnly: String?
    /// Counts real changes of the data, as the publisher numbered them (0 for a one-shot list).
    public var generation: Int
    /// True in the early snapshot the caches publish once the nodes are listed and the pods
    /// are not yet (`ClusterCacheState.early`): `pods` is empty because it is not known yet.
    public var podsLoading = false
    /// The unfiltered Nodes view model, when the producer of the snapshot prepared it
    /// (see `preparingNodeInventory(rules:)`); dropped whenever nodes or pods change.
    public private(set) var nodeInventory: NodeInventory?
    /// The view model of an earlier snapshot and what changed since, when the cache
    /// updated this snapshot in place: preparing it then recomputes only the changed rows.
    var inventoryBase: InventoryBase?

    public init(
        nodes: [Node], pods: [Pod], serverVersion: String = "", fetchedAt: Date = Date(), namespaces: [String] = [],
        services: [JSONValue] = [], ingresses: [JSONValue] = [], workloads: [JSONValue] = [], managedObjects: [JSONValue] = [],
        schedulingEvents: [JSONValue] = [], claims: [JSONValue] = [], usage: ClusterUsage? = nil,
        namespaceOnly: String? = nil, generation: Int = 0
    ) {
        self.nodes = nodes
        self.pods = pods
        self.serverVersion = serverVersion
        self.fetchedAt = fetchedAt
        self.namespaces = namespaces
        self.services = services
        self.ingresses = ingresses
        self.workloads = workloads
        self.managedObjects = managedObjects
        self.schedulingEvents = schedulingEvents
        self.claims = claims
        self.usage = usage
        self.namespaceOnly = namespaceOnly
        self.generation = generation
    }

    /// A copy carrying the Nodes view model for `rules`, so whoever shows it later
    /// (the console's main loop) only filters it. Call it on the producing thread.
    public func preparingNodeInventory(rules: LayerRules = LayerRules()) -> ClusterSnapshot {
        if let prepared = nodeInventory, prepared.rules == rules { return self }
        var copy = self
        copy.inventoryBase = nil
        if let base = inventoryBase, base.inventory.rules == rules, let catalog = base.updatedCatalog(for: self) {
            copy.nodeInventory = NodeInventory(catalog: catalog, filter: "")
        } else {
            copy.nodeInventory = NodeInventory(catalog: NodeCatalog(snapshot: self, rules: rules), filter: "")
        }
        return copy
    }

    private mutating func dropNodeInventory() {
        nodeInventory = nil
        inventoryBase = nil
    }

    /// Pods grouped by the node they are bound to (unscheduled pods are left out).
    public func podsByNode() -> [String: [Pod]] {
        var out: [String: [Pod]] = [:]
        for p in pods where !p.nodeName.isEmpty { out[p.nodeName, default: []].append(p) }
        return out
    }

    /// The pods of instance `name` in `namespace` (label `marvdash.io/instance`).
    public func pods(ofInstance name: String, namespace: String) -> [Pod] {
        pods.filter { $0.namespace == namespace && $0.labels[InstanceLabels.instance] == name }
    }

    /// Snapshots are equal when their data is; a prepared view model and the generation are not data.
    public static func == (a: ClusterSnapshot, b: ClusterSnapshot) -> Bool {
        a.nodes == b.nodes && a.pods == b.pods && a.serverVersion == b.serverVersion && a.fetchedAt == b.fetchedAt
            && a.namespaces == b.namespaces && a.services == b.services && a.ingresses == b.ingresses
            && a.workloads == b.workloads && a.managedObjects == b.managedObjects
            && a.schedulingEvents == b.schedulingEvents && a.claims == b.claims && a.usage == b.usage
            && a.namespaceOnly == b.namespaceOnly
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(pods)
        hasher.combine(serverVersion)
        hasher.combine(fetchedAt)
        hasher.combine(namespaces)
        hasher.combine(services)
        hasher.combine(managedObjects)
    }
}

extension ClusterSnapshot {
    /// The objects of a JSON slot (everything but nodes, pods and namespaces).
    public func objects(in slot: CachedKind.Slot) -> [JSONValue] {
        switch slot {
        case .services: return services
        case .ingresses: return ingresses
        case .workloads: return workloads
        case .managedObjects: return managedObjects
        case .schedulingEvents: return schedulingEvents
        case .claims: return claims
        case .nodes, .pods, .namespaces: return []
        }
    }

    /// Sets the objects of a JSON slot.
    public mutating func setObjects(_ objects: [JSONValue], in slot: CachedKind.Slot) {
        switch slot {
        case .services: services = objects
        case .ingresses: ingresses = objects
        case .workloads: workloads = objects
        case .managedObjects: managedObjects = objects
        case .schedulingEvents: schedulingEvents = objects
        case .claims: claims = objects
        case .nodes, .pods, .namespaces: break
        }
    }
}
