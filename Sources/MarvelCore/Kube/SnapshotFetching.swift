import Foundation

/// A source of cluster snapshots: the real API through `KubeClient`, or fixed
/// snapshots in tests and demos.
public protocol SnapshotFetching: Sendable {
    /// Fetches a complete, consistent snapshot; throws a one-line describable error.
    func fetchSnapshot() throws -> ClusterSnapshot
    /// Where snapshots come from, for status lines ("https://10.0.0.1:6443").
    var sourceDescription: String { get }
}

extension KubeClient: SnapshotFetching {
    /// Server version, all nodes and all pods (every namespace).
    public func fetchSnapshot() throws -> ClusterSnapshot {
        let version = try serverVersion()
        let nodes = try nodes()
        let pods = try pods()
        return ClusterSnapshot(nodes: nodes, pods: pods, serverVersion: version, fetchedAt: Date())
    }

    public var sourceDescription: String { target.displayServer }
}

/// Always returns the same snapshot (tests, screenshots).
public struct FixedSnapshotSource: SnapshotFetching {
    public var snapshot: ClusterSnapshot
    public var sourceDescription: String
    public init(_ snapshot: ClusterSnapshot, sourceDescription: String = "fixture") {
        self.snapshot = snapshot
        self.sourceDescription = sourceDescription
    }
    public func fetchSnapshot() throws -> ClusterSnapshot { snapshot }
}
