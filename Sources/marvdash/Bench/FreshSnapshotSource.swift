import Dispatch
import MarvelCore
import MarvelTUI

/// Hands the console a newly decoded synthetic cluster on every `publish()`, with
/// its Nodes view model prepared, as the watch caches' publisher does; the
/// previous snapshot is let go on a background queue (as `CacheDataSource` does)
/// so only the main loop's own work is timed.
struct FreshSnapshotSource {
    var nodes: Int
    var pods: Int
    let source = StaticDataSource()

    /// A fresh snapshot, decoded and prepared.
    func snapshot() throws -> ClusterSnapshot {
        try SyntheticCluster.snapshot(nodes: nodes, pods: pods).preparingNodeInventory()
    }

    /// Publishes a fresh snapshot to `source`.
    func publish() throws {
        let next = try snapshot()
        let old = source.current().snapshot
        source.set(snapshot: next, connection: .connected(at: next.fetchedAt))
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + .milliseconds(200)) { withExtendedLifetime(old) {} }
    }
}
