import Dispatch
import Foundation
import MarvelCore
import MarvelNet
import MarvelSim
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A handler made of one closure, for tests.
struct ClosureHandler: ServerHandler {
    let body: @Sendable (ServerRequest) -> ServerResponse
    func handle(_ request: ServerRequest) -> ServerResponse { body(request) }
}

/// A one-shot or counting signal between a test and a handler thread, waited on with a
/// generous deadline (the event must happen; the deadline only keeps a broken test finite).
final class TestSignal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func signal() { semaphore.signal() }
    /// true if signalled before the deadline.
    func wait(seconds: Double = 10) -> Bool { semaphore.wait(timeout: .now() + seconds) == .success }
}

/// A value shared between a handler thread and the test.
final class TestBox<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
    var current: Value { value.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
}

/// The echo of a request as JSON: method, path, query, headers and body text.
func echoResponse(_ request: ServerRequest) -> ServerResponse {
    var query = JSONObject()
    for key in request.query.keys.sorted() { query[key] = .string(request.query[key] ?? "") }
    var headers = JSONObject()
    for key in request.headers.keys.sorted() { headers[key] = .string(request.headers[key] ?? "") }
    let echo: JSONValue = .object([
        "method": .string(request.method), "path": .string(request.path), "query": .object(query),
        "headers": .object(headers), "body": .string(String(decoding: request.body, as: UTF8.self)),
    ])
    return ServerResponse(
        status: 200, headers: [("Content-Type", "application/json"), ("X-Echo-Method", request.method)],
        body: .bytes(echo.jsonBytes()))
}

/// Starts a server with `handler`, runs `body`, and always stops the server.
func withServer<T>(
    _ handler: @escaping @Sendable (ServerRequest) -> ServerResponse, _ body: (HTTPServer) throws -> T
) throws -> T {
    let server = try HTTPServer(handler: ClosureHandler(body: handler))
    server.start()
    defer { server.stop() }
    return try body(server)
}

/// A port nothing listens on: bound by a server that is then stopped.
func closedPort() throws -> Int {
    let server = try HTTPServer(handler: ClosureHandler { _ in ServerResponse(status: 200) })
    let port = server.port
    server.stop()
    return port
}

/// A plain TCP connection for speaking raw HTTP to the server.
struct RawConnection {
    let fd: Int32

    /// Connects to 127.0.0.1:port; nil if refused.
    init?(port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(fd)
            return nil
        }
        var limit = timeval(tv_sec: 10, tv_usec: 0)  // keeps a broken test from hanging
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Everything the server sends until it closes the connection.
    func readToEnd() -> String {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            all += buffer[0..<n]
        }
        return String(decoding: all, as: UTF8.self)
    }

    /// Reads until the received text contains `marker`; returns what was read.
    func read(until marker: String) -> String {
        var all: [UInt8] = []
        var byte: UInt8 = 0
        while !String(decoding: all, as: UTF8.self).hasSuffix(marker) {
            let n = recv(fd, &byte, 1, 0)
            if n <= 0 { break }
            all.append(byte)
        }
        return String(decoding: all, as: UTF8.self)
    }

    func close() { Glibc.close(fd) }
}
