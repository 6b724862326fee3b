#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket descriptor and the few POSIX calls the server makes on it.
/// Sends use MSG_NOSIGNAL, so a vanished peer never raises SIGPIPE.
struct Socket: Sendable, Hashable {
    let fd: Int32

    /// Linux POLLRDHUP (the peer shut down its writing side); Glibc hides it behind _GNU_SOURCE.
    private static let pollReadHangUp: Int16 = 0x2000

    /// The text of the current `errno`.
    static func lastError() -> String {
        String(cString: strerror(errno))
    }

    /// A listening socket bound to host:port, and the port it actually got.
    static func listen(host: String, port: Int) throws(ServerError) -> (socket: Socket, port: Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let first = results else {
            throw ServerError(host: host, port: port, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(results) }

        var detail = "no usable address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { detail = lastError(); continue }
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, Glibc.listen(fd, 128) == 0 else {
                detail = lastError()
                Glibc.close(fd)
                continue
            }
            let socket = Socket(fd: fd)
            return (socket, socket.localPort() ?? port)
        }
        throw ServerError(host: host, port: port, detail: detail)
    }

    /// The local port the socket is bound to.
    func localPort() -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }

    /// Accepts one connection; nil on a transient failure (`errno` says which).
    func accept() -> Socket? {
        let client = Glibc.accept(fd, nil, nil)
        guard client >= 0 else { return nil }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return Socket(fd: client)
    }

    /// TCP_NODELAY (each chunk leaves at once) and a send timeout in seconds (a peer that
    /// stops reading a response counts as gone after it). Reads wait by `poll`, each until
    /// the deadline its caller gives.
    func configureConnection(sendTimeout: Int) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var send = timeval(tv_sec: sendTimeout, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads up to `buffer.count` bytes; 0 at end of stream, -1 on error.
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    /// Sends every byte; false when the peer is gone or the send timed out.
    func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// Whether the peer has closed or reset the connection (checked without blocking).
    func peerHasClosed() -> Bool {
        var entry = pollfd(fd: fd, events: Self.pollReadHangUp, revents: 0)
        guard poll(&entry, 1, 0) > 0 else { return false }
        return entry.revents & (Self.pollReadHangUp | Int16(POLLHUP | POLLERR | POLLNVAL)) != 0
    }

    /// Wakes any thread blocked on this socket (its calls fail or see end of stream).
    func shutdownBoth() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    /// Ends our side of the stream (the peer reads end of stream) while still reading.
    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads and drops up to `limit` bytes until the peer closes or `seconds` pass without
    /// data, so closing after an early answer does not reset the connection (a reset can
    /// destroy that answer before the peer reads it).
    func drain(limit: Int, seconds: Int) {
        var waiting = timeval(tv_sec: seconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &waiting, socklen_t(MemoryLayout<timeval>.size))
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var total = 0
        while total < limit {
            let n = scratch.withUnsafeMutableBytes { receive(into: $0) }
            if n <= 0 { return }
            total += n
        }
    }

    func close() { _ = Glibc.close(fd) }
}

extension Socket: ByteSource {
    /// Waits up to `timeoutMilliseconds` for data, then reads what arrived.
    func receive(into buffer: UnsafeMutableRawBufferPointer, timeoutMilliseconds: Int) -> Int? {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&entry, 1, Int32(clamping: timeoutMilliseconds))
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { return nil }
            break
        }
        return receive(into: buffer)
    }
}
