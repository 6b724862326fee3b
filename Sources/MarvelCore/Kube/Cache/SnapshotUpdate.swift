/// Where each pod and node sits in the arrays of the snapshot the cache last
/// built, so that a watch event updates that snapshot in place instead of
/// rebuilding 50,000 pods.
struct SnapshotPositions: Sendable {
    /// "namespace/name" → index in `ClusterSnapshot.pods`.
    var pods: [String: Int] = [:]
    /// Node name → index in `ClusterSnapshot.nodes`.
    var nodes: [String: Int] = [:]

    mutating func index(pods: [Pod]) {
        self.pods = [:]
        self.pods.reserveCapacity(pods.count)
        for (i, pod) in pods.enumerated() { self.pods[pod.id] = i }
    }

    mutating func index(nodes: [Node]) {
        self.nodes = [:]
        self.nodes.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() { self.nodes[node.name] = i }
    }
}

/// The Nodes view model of an earlier snapshot and what changed since: enough
/// to recompute only the rows of the nodes concerned.
struct InventoryBase: Sendable {
    var inventory: NodeInventory
    /// The usage the earlier rows were computed with (any other means a full rebuild).
    var usage: ClusterUsage?
    /// Pods changed since, by "namespace/name": the pod now, nil when removed.
    var changedPods: [String: Pod?] = [:]
    /// Nodes whose rows must be recomputed: the changed nodes, and those the changed pods were or are bound to.
    var affectedNodes: Set<String> = []

    /// Later changes on top of these.
    mutating func add(changedPods later: [String: Pod?], affectedNodes more: Set<String>) {
        changedPods.merge(later) { _, new in new }
        affectedNodes.formUnion(more)
    }

    /// The earlier catalog with the affected rows recomputed from `snapshot`; nil when a
    /// full rebuild is needed (usage changed, or a node has no row to update).
    func updatedCatalog(for snapshot: ClusterSnapshot) -> NodeCatalog? {
        guard snapshot.usage == usage else { return nil }
        var current: [String: Node] = [:]
        for node in snapshot.nodes where affectedNodes.contains(node.name) { current[node.name] = node }
        return inventory.catalog.updating(nodes: current, affected: affectedNodes, changedPods: changedPods, usage: usage)
    }
}

extension ClusterSnapshot {
    /// Applies changed pods ("namespace/name" → the pod now, nil when removed) in place;
    /// returns the names of the nodes those pods were or are bound to.
    mutating func apply(podChanges: [String: Pod?], positions: inout SnapshotPositions) -> Set<String> {
        var affected: Set<String> = []
        for (key, fresh) in podChanges {
            if let i = positions.pods[key] {
                let old = pods[i]
                if !old.nodeName.isEmpty { affected.insert(old.nodeName) }
                if let fresh {
                    pods[i] = fresh
                } else {
                    let last = pods.removeLast()
                    if i < pods.count {
                        pods[i] = last
                        positions.pods[last.id] = i
                    }
                    positions.pods[key] = nil
                }
            } else if let fresh {
                pods.append(fresh)
                positions.pods[key] = pods.count - 1
            }
            if let fresh, !fresh.nodeName.isEmpty { affected.insert(fresh.nodeName) }
        }
        return affected
    }

    /// Applies changed nodes ("/name" → the node now, nil when removed) in place when
    /// all of them are modifications; false (nothing applied) when a node was added or
    /// removed, which changes the name order and needs a rebuild.
    mutating func apply(nodeChanges: [String: Node?], positions: SnapshotPositions) -> Bool {
        var updates: [(Int, Node)] = []
        for (key, fresh) in nodeChanges {
            guard let fresh, let i = positions.nodes[fresh.name], Self.nodeName(ofKey: key) == fresh.name else { return false }
            updates.append((i, fresh))
        }
        for (i, node) in updates { nodes[i] = node }
        return true
    }

    /// The node name of a store key ("/name").
    static func nodeName(ofKey key: String) -> String {
        guard let slash = key.firstIndex(of: "/") else { return key }
        return String(key[key.index(after: slash)...])
    }
}
