import Dispatch
import MarvelCore
import Synchronization

/// Feeds the console from a `SnapshotPoller`: starts and stops it with the
/// console and translates its state into the console's terms. Every snapshot
/// reaches the console with its Nodes view model already built, on the
/// poller's thread, so a new snapshot costs the main loop only a swap.
public final class PollerDataSource: ConsoleDataSource {
    public let poller: SnapshotPoller
    /// The layer rules the Nodes view model is prepared for (the console's own).
    public let layerRules: LayerRules
    private let retirement = SnapshotRetirement()

    public init(poller: SnapshotPoller, layerRules: LayerRules = LayerRules()) {
        self.poller = poller
        self.layerRules = layerRules
        poller.prepareSnapshots { $0.preparingNodeInventory(rules: layerRules) }
    }

    public func current() -> ConsoleSourceState {
        let state = Self.translate(poller.current())
        retirement.observe(state.snapshot, generation: state.generation)
        return state
    }
    public func start() { poller.start() }
    public func stop() { poller.stop() }
    public func refreshNow() { poller.refreshNow() }

    /// The console's view of a poller state.
    public static func translate(_ state: PollerState) -> ConsoleSourceState {
        let connection: ConsoleConnection
        switch state.connection {
        case .connecting: connection = .connecting
        case .connected(let at): connection = .connected(at: at)
        case .failed(let message, let since): connection = .failed(message: message, since: since)
        }
        return ConsoleSourceState(snapshot: state.snapshot, connection: connection, generation: state.generation)
    }
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
