import Synchronization

/// The `ChunkSink` of one streamed response: each `write` sends one chunk at
/// once (or raw bytes for HTTP/1.0). Writes fail once the peer has gone, the
/// server is stopping, or the producer has returned. Safe from any thread.
final class ChunkedSink: ChunkSink {
    private struct State {
        var open = true
        var alive = true
    }

    private let socket: Socket
    private let registry: ConnectionRegistry
    private let chunked: Bool
    private let state = Mutex(State())

    init(socket: Socket, registry: ConnectionRegistry, chunked: Bool) {
        self.socket = socket
        self.registry = registry
        self.chunked = chunked
    }

    func write(_ bytes: [UInt8]) -> Bool {
        state.withLock { state in
            guard state.open, state.alive, !registry.isStopped, !socket.peerHasClosed() else {
                state.alive = false
                return false
            }
            if bytes.isEmpty { return true }  // an empty chunk would end the body
            let frame = chunked ? ChunkedSink.frame(bytes) : bytes
            if !socket.sendAll(frame) { state.alive = false }
            return state.alive
        }
    }

    /// Ends the body after the producer returned; true if the connection can carry another request.
    func finish() -> Bool {
        state.withLock { state in
            state.open = false
            guard state.alive, !registry.isStopped else { return false }
            if chunked {
                state.alive = socket.sendAll(Array("0\r\n\r\n".utf8))
            }
            return state.alive
        }
    }

    /// `size-in-hex CRLF data CRLF`.
    static func frame(_ bytes: [UInt8]) -> [UInt8] {
        var frame = Array(String(bytes.count, radix: 16).utf8)
        frame.reserveCapacity(frame.count + bytes.count + 4)
        frame += [0x0D, 0x0A]
        frame += bytes
        frame += [0x0D, 0x0A]
        return frame
    }
}
