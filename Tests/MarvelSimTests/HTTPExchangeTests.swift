import Foundation
import MarvelCore
import MarvelNet
import MarvelSim
import Testing

/// Requests and responses between HTTPClient and HTTPServer over loopback.
@Suite struct HTTPExchangeTests {
    @Test func everyMethodEchoesHeadersAndBody() throws {
        try withServer(echoResponse) { server in
            let client = HTTPClient()
            for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
                let body: [UInt8]? = method == .get ? nil : Array("payload of \(method.rawValue)".utf8)
                let request = HTTPRequest(
                    method: method, url: server.baseURL + "/api/v1/a%20b?x=1&y=two+words&z=%2F",
                    headers: [("X-Test", "value-\(method.rawValue)"), ("Content-Type", "text/plain")], body: body)
                let response = try client.send(request)
                #expect(response.status == 200)
                #expect(response.headers["x-echo-method"] == method.rawValue)
                #expect(response.headers["content-type"] == "application/json")
                let echo = try JSONValue.parse(response.body)
                #expect(echo["method"]?.stringValue == method.rawValue)
                #expect(echo["path"]?.stringValue == "/api/v1/a b")
                #expect(echo.at("query", "x")?.stringValue == "1")
                #expect(echo.at("query", "y")?.stringValue == "two words")
                #expect(echo.at("query", "z")?.stringValue == "/")
                #expect(echo.at("headers", "x-test")?.stringValue == "value-\(method.rawValue)")
                #expect(echo.at("headers", "user-agent")?.stringValue == "marvdash/\(MarvelCore.version)")
                #expect(echo["body"]?.stringValue == body.map { String(decoding: $0, as: UTF8.self) } ?? "")
            }
            let head = try client.send(HTTPRequest(method: .head, url: server.baseURL + "/anything"))
            #expect(head.status == 200)
            #expect(head.headers["x-echo-method"] == "HEAD")
            #expect(head.body.isEmpty)
            #expect(Int(head.headers["content-length"] ?? "") ?? 0 > 0)
        }
    }

    @Test func largeBodiesTravelBothWays() throws {
        var upload = [UInt8](repeating: 0, count: 3 * 1024 * 1024 + 7)
        for index in stride(from: 0, to: upload.count, by: 4096) { upload[index] = UInt8(truncatingIfNeeded: index / 4096) }
        try withServer({ request in
            ServerResponse(status: 201, body: .bytes(request.body))
        }) { server in
            let response = try HTTPClient().send(
                HTTPRequest(method: .post, url: server.baseURL + "/upload", body: upload))
            #expect(response.status == 201)
            #expect(response.body.count == upload.count)
            #expect(response.body == upload)
        }
    }

    @Test func oversizedBodiesAreRefusedAndTheClientStaysUsable() throws {
        try withServer({ request in
            ServerResponse(status: 200, body: .bytes([UInt8](repeating: 0x41, count: request.path == "/big" ? 64 * 1024 : 10)))
        }) { server in
            let client = HTTPClient(maxResponseBytes: 16 * 1024)
            let url = server.baseURL + "/big"
            let error = #expect(throws: HTTPError.responseTooLarge(url: url, limit: 16 * 1024)) {
                try client.send(HTTPRequest(url: url))
            }
            #expect(error?.description == "the response from \(url) is larger than 16 KiB; ask for less (a smaller page or a selector)")
            #expect(error.map(RetryPolicy.isRetryable) == false)
            let small = try client.send(HTTPRequest(url: server.baseURL + "/small"))
            #expect(small.body.count == 10)
        }
    }

    @Test func headerValuesCannotInjectHeaderLines() throws {
        try withServer(echoResponse) { server in
            let response = try HTTPClient().send(HTTPRequest(
                url: server.baseURL + "/h", headers: [(name: "X-Test", value: "a\r\nX-Injected: yes")]))
            let echo = try JSONValue.parse(response.body)
            #expect(echo.at("headers", "x-test")?.stringValue == "aX-Injected: yes")
            #expect(echo.at("headers", "x-injected") == nil)
        }
    }

    @Test func keepAliveReusesOneConnection() throws {
        try withServer(echoResponse) { server in
            let client = HTTPClient()
            for index in 0..<5 {
                let response = try client.send(HTTPRequest(url: server.baseURL + "/n/\(index)"))
                #expect(response.status == 200)
            }
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func connectionCloseIsHonoured() throws {
        try withServer(echoResponse) { server in
            let client = HTTPClient()
            for _ in 0..<3 {
                let response = try client.send(
                    HTTPRequest(url: server.baseURL + "/close", headers: [("Connection", "close")]))
                #expect(response.status == 200)
                #expect(response.headers["connection"] == "close")
            }
            #expect(server.acceptedConnections == 3)
        }
    }

    @Test func kubernetesStatusBodyBecomesStatusError() throws {
        let status = #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"web-0\" not found","reason":"NotFound","code":404}"#
        try withServer({ _ in
            ServerResponse(status: 404, headers: [("Content-Type", "application/json")], body: .bytes(Array(status.utf8)))
        }) { server in
            let url = server.baseURL + "/api/v1/namespaces/default/pods/web-0"
            let response = try HTTPClient().send(HTTPRequest(url: url))
            #expect(response.status == 404)
            #expect(throws: HTTPError.status(url: url, code: 404, reason: "NotFound", message: "pods \"web-0\" not found")) {
                try response.checked(url: url)
            }
            #expect(throws: HTTPError.status(url: url, code: 404, reason: "NotFound", message: "pods \"web-0\" not found")) {
                try HTTPClient().stream(HTTPRequest(url: url)) { _ in true }
            }
        }
    }

    @Test func refusedConnectionIsConnectError() throws {
        let url = "http://127.0.0.1:\(try closedPort())/version"
        let error = #expect(throws: HTTPError.self) { try HTTPClient(connectTimeout: 2).send(HTTPRequest(url: url)) }
        guard case .connect(let failedURL, let detail)? = error else {
            Issue.record("expected .connect, got \(String(describing: error))")
            return
        }
        #expect(failedURL == url)
        #expect(detail.lowercased().contains("refused"))
    }

    @Test func unknownHostIsNameResolutionError() {
        let error = #expect(throws: HTTPError.self) {
            try HTTPClient(connectTimeout: 3).send(HTTPRequest(url: "http://no-such-host.invalid:6443/api"))
        }
        #expect(error == .nameResolution(host: "no-such-host.invalid"))
    }

    @Test func slowHandlerHitsTheTimeout() throws {
        let release = TestSignal()
        let entered = TestSignal()
        try withServer({ _ in
            entered.signal()
            _ = release.wait(seconds: 20)
            return ServerResponse(status: 200)
        }) { server in
            defer { release.signal() }
            let url = server.baseURL + "/slow"
            #expect(throws: HTTPError.timeout(url: url, seconds: 0.5)) {
                try HTTPClient(timeout: 0.5).send(HTTPRequest(url: url))
            }
            #expect(entered.wait())
        }
    }

    @Test func malformedURLIsInvalidURL() {
        #expect(throws: HTTPError.invalidURL("not a url")) { try HTTPClient().send(HTTPRequest(url: "not a url")) }
        #expect(throws: HTTPError.invalidURL("ftp://example.com/x")) {
            try HTTPClient().send(HTTPRequest(url: "ftp://example.com/x"))
        }
    }

    @Test func manyThreadsShareOneClient() throws {
        try withServer(echoResponse) { server in
            let client = HTTPClient()
            let failures = TestBox(0)
            DispatchQueue.concurrentPerform(iterations: 16) { index in
                let response = try? client.send(HTTPRequest(url: server.baseURL + "/t/\(index)"))
                let path = response.flatMap { try? JSONValue.parse($0.body) }?["path"]?.stringValue
                if path != "/t/\(index)" { failures.update { $0 += 1 } }
            }
            #expect(failures.current == 0)
        }
    }
}
