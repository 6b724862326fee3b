import Foundation
import MarvelCore
import MarvelNet
import MarvelSim
import Testing

/// Chunked streaming from HTTPServer to HTTPClient.stream: order, early stop, cancel, server stop.
@Suite struct HTTPStreamingTests {
    /// Each piece is written only after the client has received the previous one, so the
    /// client must see them as separate pieces.
    @Test func piecesArriveSeparatelyAndInOrder() throws {
        let received = TestSignal()
        let pieceCount = 5
        try withServer({ _ in
            ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: .stream { sink in
                for index in 0..<pieceCount {
                    guard sink.write(Array("{\"piece\":\(index)}\n".utf8)) else { return }
                    guard received.wait() else { return }
                }
            })
        }) { server in
            var pieces: [String] = []
            let status = try HTTPClient().stream(HTTPRequest(url: server.baseURL + "/watch", timeout: 0)) { piece in
                pieces.append(String(decoding: piece, as: UTF8.self))
                received.signal()
                return true
            }
            #expect(status == 200)
            #expect(pieces == (0..<pieceCount).map { "{\"piece\":\($0)}\n" })
        }
    }

    @Test func stoppingEarlyReturnsNormallyAndProducerSeesWriteFail() throws {
        let producerSawFailure = TestSignal()
        let written = TestBox(0)
        try withServer({ _ in
            ServerResponse(status: 200, body: .stream { sink in
                while sink.write(Array(repeating: UInt8(ascii: "x"), count: 1024)) {
                    written.update { $0 += 1 }
                }
                producerSawFailure.signal()
            })
        }) { server in
            var calls = 0
            let status = try HTTPClient().stream(HTTPRequest(url: server.baseURL + "/endless", timeout: 0)) { _ in
                calls += 1
                return false
            }
            #expect(status == 200)
            #expect(calls == 1)
            #expect(producerSawFailure.wait())
        }
    }

    @Test func cancelFlagFromAnotherThreadEndsTheStream() throws {
        let release = TestSignal()
        let laterWrite = TestBox<Bool?>(nil)
        let producerDone = TestSignal()
        try withServer({ _ in
            ServerResponse(status: 200, body: .stream { sink in
                _ = sink.write(Array("first\n".utf8))
                _ = release.wait(seconds: 20)
                // The client has closed; the close reaches this socket some time later
                // (later still on a loaded machine), so keep writing until a write reports it.
                var ok = true
                while ok { ok = sink.write(Array("late\n".utf8)) }
                laterWrite.update { $0 = ok }
                producerDone.signal()
            })
        }) { server in
            defer { release.signal() }
            let flag = CancelFlag()
            let url = server.baseURL + "/stuck"
            var pieces = 0
            #expect(throws: HTTPError.cancelled(url: url)) {
                try HTTPClient().stream(HTTPRequest(url: url, timeout: 0), cancel: flag) { _ in
                    pieces += 1
                    Thread.detachNewThread { flag.cancel() }
                    return true
                }
            }
            #expect(flag.isCancelled)
            #expect(pieces == 1)
            release.signal()
            #expect(producerDone.wait())
            #expect(laterWrite.current == false)
        }
    }

    @Test func stoppingTheServerEndsStreams() throws {
        let producerSawFailure = TestSignal()
        let server = try HTTPServer(handler: ClosureHandler { _ in
            ServerResponse(status: 200, body: .stream { sink in
                while sink.write(Array("tick\n".utf8)) {}
                producerSawFailure.signal()
            })
        })
        server.start()
        defer { server.stop() }
        var pieces = 0
        #expect(throws: HTTPError.self) {
            try HTTPClient().stream(HTTPRequest(url: server.baseURL + "/ticks", timeout: 0)) { _ in
                pieces += 1
                server.stop()
                return true
            }
        }
        #expect(pieces >= 1)
        #expect(producerSawFailure.wait())
        #expect(RawConnection(port: server.port) == nil)
    }

    @Test func errorStatusOfAStreamCarriesTheBody() throws {
        try withServer({ _ in
            ServerResponse(status: 503, body: .stream { sink in _ = sink.write(Array("overloaded, retry later".utf8)) })
        }) { server in
            let url = server.baseURL + "/busy"
            var calls = 0
            #expect(throws: HTTPError.status(url: url, code: 503, reason: nil, message: "overloaded, retry later")) {
                try HTTPClient().stream(HTTPRequest(url: url)) { _ in
                    calls += 1
                    return true
                }
            }
            #expect(calls == 0)
        }
    }
}
