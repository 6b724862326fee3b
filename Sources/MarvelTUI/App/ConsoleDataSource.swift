import MarvelCore
import Synchronization

/// One reading of the console's data source.
public struct ConsoleSourceState: Sendable {
    /// The last good snapshot (kept while later polls fail).
    public var snapshot: ClusterSnapshot?
    /// The nodes alone while the pods are still being listed (`podsLoading`), before `snapshot`.
    public var early: ClusterSnapshot?
    public var connection: ConsoleConnection
    /// Changes whenever snapshot or connection change; the loop redraws on change.
    public var generation: Int
    /// Lasting facts for the title bar ("namespace marvel only (no rights to list every namespace)").
    public var notes: [String]
    /// A message to flash once when it first appears (the metrics API is missing).
    public var notice: String?

    public init(
        snapshot: ClusterSnapshot?, connection: ConsoleConnection, generation: Int, notes: [String] = [], notice: String? = nil,
        early: ClusterSnapshot? = nil
    ) {
        self.snapshot = snapshot
        self.early = early
        self.connection = connection
        self.generation = generation
        self.notes = notes
        self.notice = notice
    }
}

/// Where the console gets cluster data: normally the watch caches
/// (`CacheDataSource`), in tests a fixed source. `current()` must be cheap; it is read every frame.
public protocol ConsoleDataSource: AnyObject, Sendable {
    func current() -> ConsoleSourceState
    /// Begins fetching in the background (the console calls it once at start).
    func start()
    /// Stops fetching (the console calls it on exit).
    func stop()
    /// Asks for a fetch now (the `r` key).
    func refreshNow()
}

/// A data source whose state is set by hand: for tests, and for showing a
/// fixed snapshot. Thread-safe; every `set` bumps the generation, and numbers
/// the snapshot with it as the caches' publisher does.
public final class StaticDataSource: ConsoleDataSource {
    private let state: Mutex<ConsoleSourceState>
    private let refreshes = Mutex(0)

    public init(snapshot: ClusterSnapshot? = nil, connection: ConsoleConnection = .connecting) {
        var numbered = snapshot
        numbered?.generation = 1
        state = Mutex(ConsoleSourceState(snapshot: numbered, connection: connection, generation: 1))
    }

    public func current() -> ConsoleSourceState { state.withLock { $0 } }

    /// Replaces the snapshot, connection state and notes (and the early snapshot of the nodes alone).
    public func set(
        snapshot: ClusterSnapshot?, connection: ConsoleConnection, notes: [String] = [], notice: String? = nil,
        early: ClusterSnapshot? = nil
    ) {
        state.withLock {
            $0.generation += 1
            $0.snapshot = snapshot
            $0.early = early
            $0.snapshot?.generation = $0.generation
            $0.connection = connection
            $0.notes = notes
            $0.notice = notice
        }
    }

    /// How many times `refreshNow()` was called.
    public var refreshCount: Int { refreshes.withLock { $0 } }

    public func start() {}
    public func stop() {}
    public func refreshNow() { refreshes.withLock { $0 += 1 } }
}
