import Foundation
import MarvelCore
import MarvelNet
import MarvelSim
import Testing

/// The embedded server's HTTP/1.1 handling, spoken to over raw sockets.
@Suite struct HTTPServerProtocolTests {
    private func connect(_ server: HTTPServer) throws -> RawConnection {
        try #require(RawConnection(port: server.port))
    }

    @Test func chunkedRequestBodyIsReassembled() throws {
        try withServer(echoResponse) { server in
            let connection = try connect(server)
            defer { connection.close() }
            connection.send(
                "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n")
            let reply = connection.readToEnd()
            #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(reply.contains("\"body\":\"hello, world\""))
            #expect(reply.contains("Connection: close\r\n"))
        }
    }

    @Test func connectionsOverTheLimitGet503WhileAllAreBusy() throws {
        let release = TestSignal()
        let server = try HTTPServer(maxConnections: 1, handler: ClosureHandler { _ in
            ServerResponse(status: 200, body: .stream { sink in
                _ = sink.write(Array("streaming".utf8))
                _ = release.wait(seconds: 30)
            })
        })
        server.start()
        defer { server.stop() }
        let first = try connect(server)
        defer { first.close() }
        first.send("GET /watch HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(first.read(until: "streaming").hasPrefix("HTTP/1.1 200 OK\r\n"))  // being served

        let second = try connect(server)
        defer { second.close() }
        let refused = second.readToEnd()
        #expect(refused.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(refused.contains("too many connections (1 open, all busy); try again later"))
        release.signal()
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer({ request in ServerResponse(status: 200, body: .bytes(Array(request.path.utf8))) }) { server in
            let connection = try connect(server)
            defer { connection.close() }
            connection.send(
                "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let reply = connection.readToEnd()
            let one = try #require(reply.range(of: "/one"))
            let two = try #require(reply.range(of: "/two"))
            let three = try #require(reply.range(of: "/three"))
            #expect(one.lowerBound < two.lowerBound && two.lowerBound < three.lowerBound)
            #expect(reply.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func oversizedHeadIsRejectedWith431() throws {
        try withServer(echoResponse) { server in
            let connection = try connect(server)
            defer { connection.close() }
            let filler = String(repeating: "a", count: 70 * 1024)
            connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(filler)\r\n\r\n")
            #expect(connection.readToEnd().hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        }
    }

    @Test func oversizedBodyIsRejectedWith413() throws {
        try withServer(echoResponse) { server in
            let byLength = try connect(server)
            defer { byLength.close() }
            byLength.send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: \(16 * 1024 * 1024 + 1)\r\n\r\n")
            #expect(byLength.readToEnd().hasPrefix("HTTP/1.1 413 "))

            let chunked = try connect(server)
            defer { chunked.close() }
            chunked.send("PUT /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1000001\r\n")
            #expect(chunked.readToEnd().hasPrefix("HTTP/1.1 413 "))
        }
    }

    @Test func malformedRequestsGet400() throws {
        let bad = [
            "GARBAGE\r\n\r\n",
            "GET /x HTTP/1.1\r\nNo colon here\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: x\r\n folded: line\r\n\r\n",
            "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
        ]
        try withServer(echoResponse) { server in
            for request in bad {
                let connection = try connect(server)
                defer { connection.close() }
                connection.send(request)
                let reply = connection.readToEnd()
                #expect(reply.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "request: \(request.debugDescription)")
            }
        }
    }

    @Test func expectContinueGetsInterimResponse() throws {
        try withServer(echoResponse) { server in
            let connection = try connect(server)
            defer { connection.close() }
            connection.send("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
            #expect(connection.read(until: "\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n")
            connection.send("data")
            let reply = connection.readToEnd()
            #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(reply.contains("\"body\":\"data\""))
        }
    }

    @Test func headAnswersHeadersOnlyAndHTTP10Closes() throws {
        try withServer({ _ in ServerResponse(status: 200, body: .bytes(Array("twelve bytes".utf8))) }) { server in
            let head = try connect(server)
            defer { head.close() }
            head.send("HEAD /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(head.readToEnd() == "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n")

            let old = try connect(server)
            defer { old.close() }
            old.send("GET /h HTTP/1.0\r\n\r\n")
            #expect(old.readToEnd() == "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\ntwelve bytes")
        }
    }

    @Test func streamedResponseUsesChunkedEncoding() throws {
        try withServer({ _ in
            ServerResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .stream { sink in
                _ = sink.write(Array("abc".utf8))
                _ = sink.write([])
                _ = sink.write(Array("0123456789abcdef".utf8))
            })
        }) { server in
            let connection = try connect(server)
            defer { connection.close() }
            connection.send("GET /s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(connection.readToEnd() == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n")
        }
    }

    @Test func handlerHeadersCannotSplitTheResponse() throws {
        try withServer({ _ in
            ServerResponse(status: 200, headers: [("X-Evil", "a\r\nInjected: yes"), ("Content-Length", "999")])
        }) { server in
            let connection = try connect(server)
            defer { connection.close() }
            connection.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(connection.readToEnd() == "HTTP/1.1 200 OK\r\nX-Evil: aInjected: yes\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
    }

    @Test func stopUnblocksIdleKeepAliveConnections() throws {
        let server = try HTTPServer(handler: ClosureHandler { _ in ServerResponse(status: 200, body: .bytes(Array("done".utf8))) })
        server.start()
        let connection = try connect(server)
        defer { connection.close() }
        connection.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.read(until: "done").hasPrefix("HTTP/1.1 200 OK"))
        server.stop()
        #expect(connection.readToEnd().isEmpty)
        #expect(RawConnection(port: server.port) == nil)
    }

    @Test func bindingABusyPortFailsClearly() throws {
        try withServer(echoResponse) { server in
            let error = #expect(throws: ServerError.self) {
                try HTTPServer(port: server.port, handler: ClosureHandler(body: echoResponse))
            }
            #expect(error?.description == "cannot listen on 127.0.0.1:\(server.port): Address already in use; "
                + "choose another address or port (0 picks a free one)")
        }
    }
}
