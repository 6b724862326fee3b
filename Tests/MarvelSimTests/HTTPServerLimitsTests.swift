import Foundation
import MarvelCore
import MarvelNet
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The embedded server against slow, idle, crowding and malformed clients, over raw
/// sockets with small deadlines. Nothing asserts on elapsed time: each test waits (with a
/// generous deadline) for the server to drop the offender, or for another client to be served.
@Suite struct HTTPServerLimitsTests {
    private static let quick = ServerLimits(
        idleTimeout: .milliseconds(300), headerTimeout: .milliseconds(300), bodyTimeout: .milliseconds(300))

    /// Polls `condition` until it holds or a generous deadline passes.
    private static func waitUntil(seconds: Double = 30, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }

    private func start(_ limits: ServerLimits, maxConnections: Int = 256,
                       _ handler: @escaping @Sendable (ServerRequest) -> ServerResponse = echoResponse) throws -> HTTPServer {
        let server = try HTTPServer(maxConnections: maxConnections, limits: limits, handler: ClosureHandler(body: handler))
        server.start()
        return server
    }

    @Test func aHeadTrickledByteByByteIsDroppedWith408() throws {
        let server = try start(Self.quick)
        defer { server.stop() }
        let slow = try #require(RawConnection(port: server.port))
        defer { slow.close() }
        slow.send("GET / HTTP/1.1\r\n")
        // A slowloris client: one header byte at a time, each well within any per-read timeout.
        let reply = slow.trickle("X")
        #expect(reply.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "reply: \(reply)")
        #expect(reply.contains("request head not complete within 0.3 s"))
    }

    @Test func aBodyTrickledTooSlowlyIsDroppedWith408() throws {
        let server = try start(Self.quick)
        defer { server.stop() }
        let slow = try #require(RawConnection(port: server.port))
        defer { slow.close() }
        slow.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        let reply = slow.trickle("b")
        #expect(reply.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "reply: \(reply)")
        #expect(reply.contains("request body not complete within 0.3 s"))
    }

    @Test func anIdleKeepAliveConnectionIsClosed() throws {
        let server = try start(Self.quick)
        defer { server.stop() }
        let idle = try #require(RawConnection(port: server.port))
        defer { idle.close() }
        idle.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(idle.read(until: "\"body\":\"\"}").hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(idle.waitForClose(seconds: 30), "the idle connection was never closed")
    }

    @Test func aStreamingResponseOutlivesEveryDeadline() throws {
        let resume = TestSignal()
        let server = try start(Self.quick) { _ in
            ServerResponse(status: 200, body: .stream { sink in
                _ = sink.write(Array("first".utf8))
                _ = resume.wait(seconds: 30)
                _ = sink.write(Array("second".utf8))
            })
        }
        defer { server.stop() }
        let watcher = try #require(RawConnection(port: server.port))
        defer { watcher.close() }
        watcher.send("GET /watch HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(watcher.read(until: "first").contains("Transfer-Encoding: chunked"))
        Thread.sleep(forTimeInterval: 1)  // three times every deadline of the server
        resume.signal()
        let rest = watcher.readToEnd()
        #expect(rest.contains("second") && rest.hasSuffix("0\r\n\r\n"), "rest: \(rest)")
    }

    @Test func slowClientsOverTheCapCannotDenyANewOne() throws {
        // Deadlines far longer than the test: only making room for the newcomer can serve it.
        let patient = ServerLimits(idleTimeout: .seconds(300), headerTimeout: .seconds(300))
        let server = try start(patient, maxConnections: 8)
        defer { server.stop() }
        var slow: [RawConnection] = []
        defer { slow.forEach { $0.close() } }
        for _ in 0..<12 {
            let connection = try #require(RawConnection(port: server.port))
            connection.send("GET /slow HTTP/1.1\r\nHost: x\r\nX-Half: ")
            slow.append(connection)
        }
        let client = try #require(RawConnection(port: server.port))
        defer { client.close() }
        client.send("GET /served HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let reply = client.readToEnd()
        #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"), "reply: \(reply)")
        #expect(reply.contains("\"path\":\"/served\""))
        #expect(server.evictedConnections >= 5)
        // The oldest went first: the first slow connection is closed.
        #expect(slow[0].waitForClose(seconds: 30))
    }

    @Test func theOldestIdleConnectionMakesRoomAndTheNewerOneStays() throws {
        let patient = ServerLimits(idleTimeout: .seconds(300))
        let server = try start(patient, maxConnections: 2)
        defer { server.stop() }
        let oldest = try #require(RawConnection(port: server.port))
        defer { oldest.close() }
        oldest.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(oldest.read(until: "\"body\":\"\"}").hasPrefix("HTTP/1.1 200 OK\r\n"))
        // A connection is idle once its thread is back to waiting for a request (the
        // client may read the answer before that).
        #expect(Self.waitUntil { server.waitingConnections == 1 })
        let newer = try #require(RawConnection(port: server.port))
        defer { newer.close() }
        newer.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(newer.read(until: "\"body\":\"\"}").hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(Self.waitUntil { server.waitingConnections == 2 })

        let third = try #require(RawConnection(port: server.port))
        defer { third.close() }
        third.send("GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(third.readToEnd().hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(oldest.waitForClose(seconds: 30), "the oldest idle connection should have been closed")
        newer.send("GET /again HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(newer.readToEnd().contains("\"path\":\"/again\""), "the newer connection should still be served")
    }

    @Test func tooManyHeaderFieldsGet431() throws {
        let server = try start(ServerLimits(maxHeaderFields: 10))
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        defer { connection.close() }
        let fields = (0..<11).map { "X-F\($0): v\r\n" }.joined()
        connection.send("GET / HTTP/1.1\r\n\(fields)\r\n")
        let reply = connection.readToEnd()
        #expect(reply.hasPrefix("HTTP/1.1 431 "), "reply: \(reply)")
        #expect(reply.contains("more than 10 header fields"))
    }

    @Test func theBodyLimitIsTheConfiguredOne() throws {
        let server = try start(ServerLimits(maxBodyBytes: 100))
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        defer { connection.close() }
        connection.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n\(String(repeating: "a", count: 64))\r\n40\r\n")
        let reply = connection.readToEnd()
        #expect(reply.hasPrefix("HTTP/1.1 413 "), "reply: \(reply)")
        #expect(reply.contains("request body larger than 100 bytes"))
    }

    /// Issue 12 item 1: a signed chunk size trapped the server (and the demo console with it).
    @Test(arguments: ["-5", "+5", " 5", "0x5", "5 5", "-0", "5\t;x"])
    func signedOrSpacedChunkSizesGet400AndTheServerLivesOn(size: String) throws {
        let server = try start(ServerLimits())
        defer { server.stop() }
        let bad = try #require(RawConnection(port: server.port))
        defer { bad.close() }
        bad.send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n")
        let reply = bad.readToEnd()
        if size == "5\t;x" {
            // Whitespace before the extension is allowed (RFC 9112 BWS): a valid chunk.
            #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n") && reply.contains("\"body\":\"hello\""), "reply: \(reply)")
        } else {
            #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(size): \(reply)")
            #expect(reply.contains("invalid chunk size"))
        }
        let next = try #require(RawConnection(port: server.port))
        defer { next.close() }
        next.send("GET /alive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(next.readToEnd().hasPrefix("HTTP/1.1 200 OK\r\n"))
    }

    @Test func overflowingNumbersAreTooLargeNotWrapped() throws {
        let server = try start(ServerLimits())
        defer { server.stop() }
        for request in [
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\(String(repeating: "f", count: 40))\r\n",
            "POST /x HTTP/1.1\r\nContent-Length: \(String(repeating: "9", count: 40))\r\n\r\n",
        ] {
            let connection = try #require(RawConnection(port: server.port))
            defer { connection.close() }
            connection.send(request)
            let reply = connection.readToEnd()
            #expect(reply.hasPrefix("HTTP/1.1 413 "), "reply: \(reply)")
        }
    }

    @Test func encodedSlashesAndNULsInThePathAreRefused() throws {
        let server = try start(ServerLimits())
        defer { server.stop() }
        let refused = [
            ("/api/v1/namespaces/default/pods/a%2Fb", "a path segment may not contain an encoded '/' (%2F)"),
            ("/api/v1/namespaces/default/pods/a%2fb", "a path segment may not contain an encoded '/' (%2F)"),
            ("/api/v1/namespaces/default/pods/a%00b", "the path holds a NUL or control character"),
            ("/api/v1/pods/a%0Ab", "the path holds a NUL or control character"),
            ("/api/v1/pods/%C0%AF", "the path is not valid UTF-8"),
            ("/api/v1/pods?labelSelector=a%00", "the query holds a NUL"),
        ]
        for (target, message) in refused {
            let connection = try #require(RawConnection(port: server.port))
            defer { connection.close() }
            connection.send("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
            let reply = connection.readToEnd()
            #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(target): \(reply)")
            #expect(reply.contains(message), "\(target): \(reply)")
        }
        let fine = try #require(RawConnection(port: server.port))
        defer { fine.close() }
        fine.send("GET /api/v1/pods/a%20b%2Dc?x=%2F HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let reply = fine.readToEnd()
        #expect(reply.contains("\"path\":\"/api/v1/pods/a b-c\""), "reply: \(reply)")
        #expect(reply.contains("\"x\":\"/\""))
    }
}

extension RawConnection {
    /// Sends `byte` every 50 ms until the server answers (within `seconds`); the answer.
    func trickle(_ byte: String, seconds: Double = 30) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            send(byte)
            if waitReadable(milliseconds: 50) { return readToEnd() }
        }
        return ""
    }

    /// Whether data (or the end of the stream) can be read within `milliseconds`.
    func waitReadable(milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) > 0
    }

    /// Waits until the server closes the connection (end of stream or reset); false if it
    /// is still open after `seconds`. Any bytes that arrive first are read and dropped.
    func waitForClose(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            guard waitReadable(milliseconds: 100) else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 || (n < 0 && errno == ECONNRESET) { return true }
        }
        return false
    }
}
