import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The embedded HTTP/1.1 server: POSIX sockets, one thread per connection,
/// keep-alive, chunked streaming. It serves the simulated Kubernetes API to
/// marvdash, to kubectl and to the tests. Call `stop()` to release it.
public final class HTTPServer: Sendable {
    /// The bound port.
    public let port: Int
    /// The address given to `init`.
    public let host: String
    /// Most connections open at once (each has a thread). A new connection beyond it takes
    /// the slot of the one waiting longest for a request; when all are being served it is
    /// answered 503 and closed.
    public let maxConnections: Int
    /// Deadlines and sizes every connection is held to.
    public let limits: ServerLimits
    private let listener: Socket
    /// Written to by `stop()` to wake the accept loop out of `poll`.
    private let wakeRead: Socket
    private let wakeWrite: Socket
    private let handler: any ServerHandler
    private let registry = ConnectionRegistry()
    private let lifecycle = Lifecycle()
    private let acceptLoopDone = DispatchSemaphore(value: 0)

    /// Binds and listens on host:port (port 0 = a free port) right away; throws a clear error if it can't.
    public init(
        host: String = "127.0.0.1", port: Int = 0, maxConnections: Int = 256, limits: ServerLimits = ServerLimits(),
        handler: any ServerHandler
    ) throws {
        let (listener, bound) = try Socket.listen(host: host, port: port)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let detail = Socket.lastError()
            listener.close()
            throw ServerError(host: host, port: port, detail: "cannot create a wake-up pipe: \(detail)")
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.listener = listener
        self.port = bound
        self.host = host
        self.maxConnections = max(1, maxConnections)
        self.limits = limits
        self.wakeRead = Socket(fd: fds[0])
        self.wakeWrite = Socket(fd: fds[1])
        self.handler = handler
    }

    /// "http://127.0.0.1:PORT" (a wildcard host is reached over loopback).
    public var baseURL: String {
        let reachable: String
        switch host {
        case "0.0.0.0", "": reachable = "127.0.0.1"
        case "::": reachable = "[::1]"
        default: reachable = host.contains(":") ? "[\(host)]" : host
        }
        return "http://\(reachable):\(port)"
    }

    /// Connections accepted so far (keep-alive reuse shows as fewer connections than requests).
    public var acceptedConnections: Int { registry.acceptedCount }

    /// Connections open right now.
    public var openConnections: Int { registry.openCount }

    /// Waiting connections closed so far to make room for new ones.
    public var evictedConnections: Int { registry.evictedCount }

    /// Connections waiting for (or still reading) a request right now: the ones a new
    /// connection may push out.
    public var waitingConnections: Int { registry.waitingCount }

    /// Accepts connections on background threads until `stop()`. Calling it again,
    /// or after `stop()`, does nothing.
    public func start() {
        guard lifecycle.transition(to: .running) == .idle else { return }
        let thread = Thread { [self] in
            acceptLoop()
            acceptLoopDone.signal()
        }
        thread.name = "marvdash-http-accept"
        thread.start()
    }

    /// Closes the listener and open connections; streams see write() == false.
    /// Handlers still running finish on their own threads. Safe to call more than once.
    public func stop() {
        let previous = lifecycle.transition(to: .stopped)
        guard previous != .stopped else { return }
        _ = registry.stopAll()
        if previous == .running {
            // The read end stays open until the loop is done: a loop that already saw the stop
            // and left must not turn this write into SIGPIPE.
            _ = wakeWrite.writeToPipe([1])
            acceptLoopDone.wait()
            wakeRead.close()
        } else {
            listener.close()
            wakeRead.close()
        }
        wakeWrite.close()
    }

    deinit {
        // A running server is kept alive by its accept thread: unstopped, it gets here idle, or after its loop ended.
        switch lifecycle.transition(to: .stopped) {
        case .idle:
            listener.close()
            wakeRead.close()
            wakeWrite.close()
        case .running:
            // Only after the accept loop ended on its own (its thread held the server): the listener is closed.
            wakeRead.close()
            wakeWrite.close()
        case .stopped:
            break
        }
    }

    private func acceptLoop() {
        defer { listener.close() }
        while !registry.isStopped {
            var fds = [
                pollfd(fd: listener.fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakeRead.fd, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else {
                if fds[0].revents != 0 { return }  // the listener broke
                continue
            }
            guard let client = listener.accept() else {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    usleep(50_000)  // out of descriptors: let connections close, then retry
                }
                continue
            }
            switch registry.register(client, limit: maxConnections) {
            case .stopped: return
            case .full:
                ResponseWriter(socket: client, registry: registry).writeRejection(
                    status: 503, message: "too many connections (\(maxConnections) open, all busy); try again later", http11: true)
                client.close()
                continue
            case .admitted: break
            }
            let connection = HTTPConnection(socket: client, handler: handler, registry: registry, limits: limits)
            let thread = Thread { connection.run() }
            thread.name = "marvdash-http-conn"
            thread.start()
        }
    }
}

/// The server's life: idle until `start()`, running, then stopped for good.
private final class Lifecycle: Sendable {
    enum Phase { case idle, running, stopped }

    private let phase = Mutex(Phase.idle)

    /// Moves to `next` if that is forward (idle → running → stopped); returns the phase before.
    func transition(to next: Phase) -> Phase {
        phase.withLock { current in
            let before = current
            switch (current, next) {
            case (.idle, .running), (.idle, .stopped), (.running, .stopped): current = next
            default: break
            }
            return before
        }
    }
}

extension Socket {
    /// Writes to a pipe descriptor (sockets use `send`, pipes need `write`).
    fileprivate func writeToPipe(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) == $0.count }
    }
}
