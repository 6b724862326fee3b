import Foundation

/// The stores a snapshot is built from.
struct SnapshotStores {
    var nodes: KindStore<Node>
    var pods: KindStore<Pod>
    var namespaces: KindStore<String>
    var objects: [CachedKind: KindStore<JSONValue>]
}

/// Turns the cache's stores into snapshots on the publishing thread. A snapshot
/// is built only when a store, the usage or the server version changed since
/// the last one; a few changed pods or nodes update the last snapshot in place
/// (the arrays shared with it are copied once, and only the changed nodes'
/// rows of its Nodes view model are recomputed when it is prepared); a
/// re-list, a node added or removed, new usage or a burst of more than
/// `incrementalLimit` changes rebuild it whole. Either way the result equals
/// a snapshot built from scratch (pods in no particular order).
struct SnapshotBuilder: Sendable {
    let incrementalLimit: Int
    /// The last snapshot built.
    private(set) var snapshot: ClusterSnapshot?
    private var revisions: [String: Int] = [:]
    private var dataGeneration = 0
    private var positions = SnapshotPositions()

    init(incrementalLimit: Int) { self.incrementalLimit = incrementalLimit }

    /// The snapshot of `stores` now; `prepare` runs on every new one (e.g. the Nodes view model).
    mutating func build(
        from stores: SnapshotStores, usage: ClusterUsage?, usageRevision: Int, namespaceOnly: String?, serverVersion: String,
        prepare: ((ClusterSnapshot) -> ClusterSnapshot)?
    ) -> ClusterSnapshot {
        var fresh: [String: Int] = ["nodes": stores.nodes.revision, "pods": stores.pods.revision,
                                    "namespaces": stores.namespaces.revision, "usage": usageRevision,
                                    "version": serverVersion.isEmpty ? 0 : 1]
        for (kind, store) in stores.objects { fresh[kind.description] = store.revision }
        let previous = self.snapshot
        if let previous, revisions == fresh, previous.namespaceOnly == namespaceOnly { return previous }

        var snapshot = previous ?? ClusterSnapshot(nodes: [], pods: [])
        let old = revisions
        func stale(_ key: String) -> Bool { previous == nil || old[key] != fresh[key] }
        let base = previous.flatMap { p in p.nodeInventory.map { InventoryBase(inventory: $0, usage: p.usage) } ?? p.inventoryBase }
        var incremental = previous != nil
        var changedPods: [String: Pod?] = [:]
        var affected: Set<String> = []

        let (nodeChanges, nodeRevision) = stores.nodes.takeChanges(limit: incrementalLimit)
        fresh["nodes"] = nodeRevision
        switch nodeChanges {
        case .some(let changes) where previous != nil && snapshot.apply(nodeChanges: changes, positions: positions):
            affected.formUnion(changes.keys.map(ClusterSnapshot.nodeName(ofKey:)))
        case .some, .all:
            snapshot.nodes = stores.nodes.values.items.sorted { $0.name < $1.name }
            positions.index(nodes: snapshot.nodes)
            incremental = false
        }
        let (podChanges, podRevision) = stores.pods.takeChanges(limit: incrementalLimit)
        fresh["pods"] = podRevision
        switch podChanges {
        case .some(let changes) where previous != nil:
            if !changes.isEmpty { affected.formUnion(snapshot.apply(podChanges: changes, positions: &positions)) }
            changedPods = changes
        case .some:
            snapshot.pods = stores.pods.values.items
            positions.index(pods: snapshot.pods)
            incremental = false
        case .all(let listed):
            // The store's array and positions, shared until either side changes.
            snapshot.pods = listed.items
            positions.pods = listed.positions
            incremental = false
        }
        if stale("namespaces") { snapshot.namespaces = stores.namespaces.values.items.sorted() }
        let kindsBySlot = Dictionary(grouping: stores.objects.keys, by: \.slot)
        for (slot, kinds) in kindsBySlot where kinds.contains(where: { stale($0.description) }) {
            snapshot.setObjects(kinds.sorted { $0.resource < $1.resource }.flatMap { stores.objects[$0]?.values.items ?? [] }, in: slot)
        }
        let usageChanged = stale("usage")
        if usageChanged { snapshot.usage = usage }
        snapshot.namespaceOnly = namespaceOnly
        snapshot.serverVersion = serverVersion
        snapshot.fetchedAt = Date()
        snapshot.generation = dataGeneration + 1
        // Set last: changing nodes or pods drops a snapshot's view model and its base.
        if incremental, !usageChanged, var base {
            base.add(changedPods: changedPods, affectedNodes: affected)
            snapshot.inventoryBase = base
        }
        if let prepare { snapshot = prepare(snapshot) }
        self.snapshot = snapshot
        revisions = fresh
        dataGeneration += 1
        return snapshot
    }
}
