import Foundation

/// Everything the views need from one poll of the cluster: a consistent value
/// that can be handed across threads and rendered without further API calls.
public struct ClusterSnapshot: Sendable, Hashable {
    public var nodes: [Node] { didSet { nodeInventory = nil } }
    public var pods: [Pod] { didSet { nodeInventory = nil } }
    /// The server's gitVersion ("v1.30.2").
    public var serverVersion: String
    public var fetchedAt: Date
    /// The unfiltered Nodes view model, when the producer of the snapshot prepared it
    /// (see `preparingNodeInventory(rules:)`); dropped whenever nodes or pods change.
    public private(set) var nodeInventory: NodeInventory?

    public init(nodes: [Node], pods: [Pod], serverVersion: String = "", fetchedAt: Date = Date()) {
        self.nodes = nodes
        self.pods = pods
        self.serverVersion = serverVersion
        self.fetchedAt = fetchedAt
    }

    /// A copy carrying the Nodes view model for `rules`, so whoever shows it later
    /// (the console's main loop) only filters it. Call it on the producing thread.
    public func preparingNodeInventory(rules: LayerRules = LayerRules()) -> ClusterSnapshot {
        if let prepared = nodeInventory, prepared.rules == rules { return self }
        var copy = self
        copy.nodeInventory = NodeInventory(catalog: NodeCatalog(snapshot: self, rules: rules), filter: "")
        return copy
    }

    /// Pods grouped by the node they are bound to (unscheduled pods are left out).
    public func podsByNode() -> [String: [Pod]] {
        var out: [String: [Pod]] = [:]
        for p in pods where !p.nodeName.isEmpty { out[p.nodeName, default: []].append(p) }
        return out
    }

    /// Snapshots are equal when their data is; a prepared view model is derived data.
    public static func == (a: ClusterSnapshot, b: ClusterSnapshot) -> Bool {
        a.nodes == b.nodes && a.pods == b.pods && a.serverVersion == b.serverVersion && a.fetchedAt == b.fetchedAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(nodes)
        hasher.combine(pods)
        hasher.combine(serverVersion)
        hasher.combine(fetchedAt)
    }
}
