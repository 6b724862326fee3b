import Foundation
import Synchronization

/// The state of the link to the cluster as the console shows it.
public enum ConnectionState: Sendable, Equatable {
    case connecting
    case connected(at: Date)
    /// The last fetch failed; `since` is when the failures began.
    case failed(message: String, since: Date)
}

/// What a poller holds: the last good snapshot (kept across failures), the
/// connection state, and a generation that grows on every change.
public struct PollerState: Sendable {
    public var snapshot: ClusterSnapshot?
    public var connection: ConnectionState
    public var generation: Int
    /// Fetches that failed in a row (0 when connected).
    public var consecutiveFailures: Int

    public init(snapshot: ClusterSnapshot? = nil, connection: ConnectionState = .connecting, generation: Int = 0, consecutiveFailures: Int = 0) {
        self.snapshot = snapshot
        self.connection = connection
        self.generation = generation
        self.consecutiveFailures = consecutiveFailures
    }
}

/// Polls a `SnapshotFetching` source on a background thread every `interval`
/// seconds; while failing it backs off (doubling, at most `maxBackoff`) and
/// recovers by itself. Readers call `current()` from any thread.
public final class SnapshotPoller: Sendable {
    public let source: any SnapshotFetching
    public let interval: Double
    public let maxBackoff: Double
    private let onUpdate: (@Sendable (PollerState) -> Void)?
    private let state = Mutex(PollerState())
    private let thread = PollingThread(name: "marvdash.snapshot-poller")
    private let preparation = Mutex<(@Sendable (ClusterSnapshot) -> ClusterSnapshot)?>(nil)

    /// Polls the API through `client`.
    public convenience init(client: KubeClient, interval: Double = 2, onUpdate: (@Sendable (PollerState) -> Void)? = nil) {
        self.init(source: client, interval: interval, onUpdate: onUpdate)
    }

    /// Polls any source; `onUpdate` is called on the polling thread after each change.
    public init(
        source: any SnapshotFetching, interval: Double = 2, maxBackoff: Double = 10,
        onUpdate: (@Sendable (PollerState) -> Void)? = nil
    ) {
        self.source = source
        self.interval = max(0.05, interval)
        self.maxBackoff = max(self.interval, maxBackoff)
        self.onUpdate = onUpdate
    }

    /// The latest state.
    public func current() -> PollerState { state.withLock { $0 } }

    /// Starts the background thread (once; later calls do nothing).
    public func start() {
        thread.start(
            poll: { [self] in
                let outcome = fetch()
                if !thread.isStopped { record(outcome, at: Date()) }
            },
            pause: { [self] in delay(afterFailures: current().consecutiveFailures) })
    }

    /// Stops polling; a fetch in flight finishes and its result is dropped.
    public func stop() { thread.stop() }

    /// Sets work done on every fresh snapshot on the fetching thread before it is
    /// published (e.g. `preparingNodeInventory(rules:)`), so readers get finished views.
    public func prepareSnapshots(with prepare: @escaping @Sendable (ClusterSnapshot) -> ClusterSnapshot) {
        preparation.withLock { $0 = prepare }
    }

    /// Asks the thread to fetch now instead of waiting for the interval.
    public func refreshNow() { thread.wake() }

    /// Fetches once on the caller's thread and records the outcome (tests, `marvdash nodes`).
    @discardableResult
    public func pollOnce() -> PollerState {
        let outcome = fetch()
        return record(outcome, at: Date())
    }

    /// The wait before the next fetch after `failures` failures in a row.
    public func delay(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return interval }
        return min(maxBackoff, interval * pow(2, Double(min(failures, 30))))
    }

    /// One fetch plus the preparation, on the caller's thread.
    private func fetch() -> Result<ClusterSnapshot, any Error> {
        do {
            let snapshot = try source.fetchSnapshot()
            let prepare = preparation.withLock { $0 }
            return .success(prepare.map { $0(snapshot) } ?? snapshot)
        } catch {
            return .failure(error)
        }
    }

    @discardableResult
    private func record(_ outcome: Result<ClusterSnapshot, any Error>, at now: Date) -> PollerState {
        let s = state.withLock { s -> PollerState in
            switch outcome {
            case .success(let snapshot):
                s.snapshot = snapshot
                s.connection = .connected(at: now)
                s.consecutiveFailures = 0
            case .failure(let error):
                let message = String(describing: error)
                if case .failed(_, let since) = s.connection {
                    s.connection = .failed(message: message, since: since)
                } else {
                    s.connection = .failed(message: message, since: now)
                }
                s.consecutiveFailures += 1
            }
            s.generation += 1
            return s
        }
        onUpdate?(s)
        return s
    }
}
