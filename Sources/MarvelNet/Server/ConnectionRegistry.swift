import Synchronization

/// The open connections of one server and what each is doing. Connection threads close
/// their sockets through it, and `stopAll` shuts them down under the same lock, so a
/// descriptor is never shut down after it was closed and reused. When every slot is
/// taken, a new connection takes the slot of the one that has been waiting longest for a
/// request (idle keep-alive, or a head still arriving); connections whose request is
/// being served — watches and log streams included — are never pushed out.
final class ConnectionRegistry: Sendable {
    /// What a connection is doing.
    private enum Phase {
        /// Waiting for a request or still reading it, since the `since`-th time one began waiting.
        case waiting(since: Int)
        /// A handler is answering it.
        case serving
    }

    private struct State {
        var open: [Socket: Phase] = [:]
        var stopped = false
        var accepted = 0
        var evicted = 0
        /// Counts the times a connection began waiting: a clock that never ties.
        var waits = 0
    }

    private let state = Mutex(State())

    /// What `register` did with a new connection.
    enum Admission: Equatable {
        /// Recorded; serve it.
        case admitted
        /// `limit` connections are being served already; the caller answers 503 and closes it.
        case full
        /// The server is stopping; the socket was closed.
        case stopped
    }

    /// Records a new connection unless the server is stopping. With `limit` open, the
    /// longest-waiting connection is shut down to make room; if every one is being
    /// served, the new one is refused.
    func register(_ socket: Socket, limit: Int) -> Admission {
        let admission = state.withLock { state -> Admission in
            guard !state.stopped else { return .stopped }
            if state.open.count >= limit {
                var oldest: (socket: Socket, since: Int)?
                for (candidate, phase) in state.open {
                    guard case .waiting(let since) = phase else { continue }
                    if let current = oldest, current.since <= since { continue }
                    oldest = (candidate, since)
                }
                guard let oldest else { return .full }
                // Its thread sees end of stream and closes it; the slot is free now.
                state.open[oldest.socket] = nil
                oldest.socket.shutdownBoth()
                state.evicted += 1
            }
            state.waits += 1
            state.open[socket] = .waiting(since: state.waits)
            state.accepted += 1
            return .admitted
        }
        if admission == .stopped { socket.close() }
        return admission
    }

    /// The connection waits for (or reads) its next request from now on; one that was
    /// already waiting (since it was accepted) keeps its place in the queue.
    func markWaiting(_ socket: Socket) {
        state.withLock { state in
            guard case .serving? = state.open[socket] else { return }
            state.waits += 1
            state.open[socket] = .waiting(since: state.waits)
        }
    }

    /// A handler answers the connection's request now; false if the connection was
    /// pushed out (or the server stopped) meanwhile and must not be served.
    func markServing(_ socket: Socket) -> Bool {
        state.withLock { state in
            guard !state.stopped, state.open[socket] != nil else { return false }
            state.open[socket] = .serving
            return true
        }
    }

    /// Closes a connection's socket and forgets it.
    func close(_ socket: Socket) {
        state.withLock { state in
            state.open[socket] = nil
            socket.close()
        }
    }

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Connections accepted since the server started.
    var acceptedCount: Int { state.withLock { $0.accepted } }

    /// Connections open right now.
    var openCount: Int { state.withLock { $0.open.count } }

    /// Waiting connections closed to make room for new ones.
    var evictedCount: Int { state.withLock { $0.evicted } }

    /// Connections waiting for (or still reading) a request right now.
    var waitingCount: Int {
        state.withLock { state in
            state.open.values.filter { if case .waiting = $0 { return true } else { return false } }.count
        }
    }

    /// Marks the server stopped and shuts down every open connection; false if it already was.
    func stopAll() -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.stopped = true
            for socket in state.open.keys { socket.shutdownBoth() }
            return true
        }
    }
}
