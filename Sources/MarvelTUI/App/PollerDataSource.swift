import MarvelCore

/// Feeds the console from a `SnapshotPoller`: starts and stops it with the
/// console and translates its state into the console's terms.
public final class PollerDataSource: ConsoleDataSource {
    public let poller: SnapshotPoller

    public init(poller: SnapshotPoller) { self.poller = poller }

    public func current() -> ConsoleSourceState { Self.translate(poller.current()) }
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
