import Foundation

/// Everything the views need from one poll of the cluster: a consistent value
/// that can be handed across threads and rendered without further API calls.
public struct ClusterSnapshot: Sendable, Hashable {
    public var nodes: [Node]
    public var pods: [Pod]
    /// The server's gitVersion ("v1.30.2").
    public var serverVersion: String
    public var fetchedAt: Date

    public init(nodes: [Node], pods: [Pod], serverVersion: String = "", fetchedAt: Date = Date()) {
        self.nodes = nodes
        self.pods = pods
        self.serverVersion = serverVersion
        self.fetchedAt = fetchedAt
    }

    /// Pods grouped by the node they are bound to (unscheduled pods are left out).
    public func podsByNode() -> [String: [Pod]] {
        var out: [String: [Pod]] = [:]
        for p in pods where !p.nodeName.isEmpty { out[p.nodeName, default: []].append(p) }
        return out
    }
}
