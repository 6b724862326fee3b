import Synchronization

/// The open connections of one server. Connection threads close their
/// sockets through it, and `stopAll` shuts them down under the same lock,
/// so a descriptor is never shut down after it was closed and reused.
final class ConnectionRegistry: Sendable {
    private struct State {
        var open = Set<Socket>()
        var stopped = false
        var accepted = 0
    }

    private let state = Mutex(State())

    /// What `register` did with a new connection.
    enum Admission {
        /// Recorded; serve it.
        case admitted
        /// `limit` connections are open already; the caller answers 503 and closes it.
        case full
        /// The server is stopping; the socket was closed.
        case stopped
    }

    /// Records a new connection unless the server is stopping or `limit` are open.
    func register(_ socket: Socket, limit: Int) -> Admission {
        let admission = state.withLock { state -> Admission in
            guard !state.stopped else { return .stopped }
            guard state.open.count < limit else { return .full }
            state.open.insert(socket)
            state.accepted += 1
            return .admitted
        }
        if admission == .stopped { socket.close() }
        return admission
    }

    /// Closes a connection's socket and forgets it.
    func close(_ socket: Socket) {
        state.withLock { state in
            state.open.remove(socket)
            socket.close()
        }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Connections accepted since the server started.
    var acceptedCount: Int { state.withLock { $0.accepted } }

    /// Connections open right now.
    var openCount: Int { state.withLock { $0.open.count } }

    /// Marks the server stopped and shuts down every open connection; false if it already was.
    func stopAll() -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.stopped = true
            for socket in state.open { socket.shutdownBoth() }
            return true
        }
    }
}
