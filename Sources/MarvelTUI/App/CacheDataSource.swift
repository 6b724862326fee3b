import Dispatch
import MarvelCore
import Synchronization

/// Feeds the console from the `ClusterCache`: starts and stops it with the
/// console and reads its latest state. Every snapshot reaches the console with
/// its Nodes view model already built on the cache's publishing thread, so a
/// new snapshot costs the main loop only a swap.
public final class CacheDataSource: ConsoleDataSource {
    public let cache: ClusterCache
    /// The layer rules the Nodes view model is prepared for (the console's own).
    public let layerRules: LayerRules
    private let retirement = SnapshotRetirement()

    public init(cache: ClusterCache, layerRules: LayerRules = LayerRules()) {
        self.cache = cache
        self.layerRules = layerRules
        cache.prepareSnapshots { $0.preparingNodeInventory(rules: layerRules) }
    }

    public func current() -> ConsoleSourceState {
        let state = cache.current()
        retirement.observe(state.snapshot, generation: state.snapshot?.generation ?? 0)
        return ConsoleSourceState(
            snapshot: state.snapshot, connection: state.connection, generation: state.generation, notes: state.notes,
            notice: state.usageNotice, early: state.early)
    }

    public func start() { cache.start() }
    public func stop() { cache.stop() }
    public func refreshNow() { cache.refreshNow() }
}

/// Keeps the snapshot the console last read, and when the console reads a newer
/// one hands the old one to a background queue to be freed there: the console
/// drops its own reference right after reading, and freeing 50,000 pods on the
/// main thread would take tens of milliseconds.
final class SnapshotRetirement: Sendable {
    /// How long an old snapshot is held after the console moved on, so that the
    /// console's own references (its state, the pane's view model) go first.
    static let delay: DispatchTimeInterval = .milliseconds(200)
    private let last = Mutex<(generation: Int, snapshot: ClusterSnapshot?)>((0, nil))

    /// Called with every state the console reads.
    func observe(_ snapshot: ClusterSnapshot?, generation: Int) {
        let old: ClusterSnapshot? = last.withLock { held in
            guard held.generation != generation else { return nil }
            let previous = held.snapshot
            held = (generation, snapshot)
            return previous
        }
        guard let old else { return }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + Self.delay) {
            withExtendedLifetime(old) {}
        }
    }

    /// The snapshot held for the console's current generation (tests).
    var heldSnapshot: ClusterSnapshot? { last.withLock { $0.snapshot } }
}
