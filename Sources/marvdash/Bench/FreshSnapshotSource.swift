import MarvelCore

/// A bench source that decodes a new synthetic cluster on every fetch, so each
/// poll brings fresh objects and retires the previous ones, as a real API does.
struct FreshSnapshotSource: SnapshotFetching {
    var nodes: Int
    var pods: Int

    func fetchSnapshot() throws -> ClusterSnapshot { try SyntheticCluster.snapshot(nodes: nodes, pods: pods) }

    var sourceDescription: String { "synthetic \(nodes) nodes / \(pods) pods" }
}
