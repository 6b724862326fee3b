import CCurl
@testable import MarvelCore
import Testing

/// Status errors, error wording and the client's URL handling, without a network.
@Suite struct HTTPErrorTests {
    let url = "https://10.0.0.1:6443/api/v1/namespaces/demo/pods/web-0"

    @Test func kubernetesStatusGivesMessageAndReason() {
        let body = #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"web-0\" is forbidden","reason":"Forbidden","code":403}"#
        let error = HTTPError.fromResponse(url: url, HTTPResponse(status: 403, body: Array(body.utf8)))
        #expect(error == .status(url: url, code: 403, reason: "Forbidden", message: "pods \"web-0\" is forbidden"))
        #expect(error.description == "\(url): HTTP 403 Forbidden: pods \"web-0\" is forbidden")
    }

    @Test func otherBodiesGiveAOneLineExcerpt() {
        let html = "<html>\n  <body>Bad   gateway</body>\n</html>\n" + String(repeating: "x", count: 400)
        let error = HTTPError.fromResponse(url: url, HTTPResponse(status: 502, body: Array(html.utf8)))
        guard case .status(_, 502, nil, let message) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(message.hasPrefix("<html> <body>Bad gateway</body> </html> xxx"))
        #expect(!message.contains("\n"))
        #expect(message.count == 201)

        let notStatus = HTTPError.fromResponse(url: url, HTTPResponse(status: 500, body: Array(#"{"kind":"Pod"}"#.utf8)))
        #expect(notStatus == .status(url: url, code: 500, reason: nil, message: #"{"kind":"Pod"}"#))
        let empty = HTTPError.fromResponse(url: url, HTTPResponse(status: 404))
        #expect(empty == .status(url: url, code: 404, reason: nil, message: "Not Found"))
    }

    @Test func checkedPassesSuccessAndThrowsOtherwise() throws {
        let ok = HTTPResponse(status: 201, body: [1, 2])
        #expect(try ok.checked(url: url).body == [1, 2])
        #expect(throws: HTTPError.status(url: url, code: 409, reason: nil, message: "Conflict")) {
            try HTTPResponse(status: 409).checked(url: url)
        }
    }

    @Test func curlFailuresMapToTheContractCases() {
        func map(_ code: CURLcode, _ message: String, errno: Int = 0) -> HTTPError {
            CurlFailure(code: code, message: message, osErrno: errno)
                .error(url: url, host: "10.0.0.1", connectTimeout: 5, totalTimeout: 30)
        }
        #expect(map(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: x") == .nameResolution(host: "10.0.0.1"))
        #expect(map(CURLE_OPERATION_TIMEDOUT, "Resolving timed out after 5000 milliseconds") == .nameResolution(host: "10.0.0.1"))
        #expect(map(CURLE_OPERATION_TIMEDOUT, "Connection timed out after 5001 milliseconds") == .timeout(url: url, seconds: 5))
        #expect(map(CURLE_OPERATION_TIMEDOUT, "Operation timed out after 30000 milliseconds with 0 bytes received")
            == .timeout(url: url, seconds: 30))
        #expect(map(CURLE_COULDNT_CONNECT, "Failed to connect to 10.0.0.1 port 6443 after 0 ms: Couldn't connect to server", errno: 111)
            == .connect(url: url, detail: "Failed to connect to 10.0.0.1 port 6443 after 0 ms: Couldn't connect to server (connection refused)"))
        guard case .tls(_, let detail) = map(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: unable to get local issuer certificate") else {
            Issue.record("expected .tls")
            return
        }
        #expect(detail.contains("unable to get local issuer certificate"))
        #expect(detail.contains("certificate-authority"))
        #expect(map(CURLE_RECV_ERROR, "OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required")
            == .tls(url: url, detail: "OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required"))
        #expect(map(CURLE_RECV_ERROR, "Recv failure: Connection reset by peer") == .transport(url: url, detail: "Recv failure: Connection reset by peer"))
        #expect(map(CURLE_ABORTED_BY_CALLBACK, "") == .cancelled(url: url))
    }

    @Test func errorDescriptionsAreOneActionableLine() {
        #expect(HTTPError.nameResolution(host: "kube.example").description == "cannot resolve host kube.example: check the server address and DNS")
        #expect(HTTPError.timeout(url: url, seconds: 0.5).description == "request to \(url) timed out after 0.5 s")
        #expect(HTTPError.invalidURL("::").description == "invalid URL '::'")
    }

    @Test func serverNameRewritesTheURLAndConnectsToTheOriginalHost() throws {
        let plain = try #require(RequestTarget(url: "https://10.0.0.1:6443/api?x=1", serverName: nil))
        #expect(plain.url == "https://10.0.0.1:6443/api?x=1")
        #expect(plain.connectTo == nil && plain.hostHeader == nil)
        #expect(!plain.isLoopback)

        let named = try #require(RequestTarget(url: "https://10.0.0.1:6443/api?x=1", serverName: "kubernetes.default"))
        #expect(named.url == "https://kubernetes.default:6443/api?x=1")
        #expect(named.connectTo == "kubernetes.default:6443:10.0.0.1:6443")
        #expect(named.hostHeader == "10.0.0.1:6443")

        let defaultPort = try #require(RequestTarget(url: "https://[::1]/version", serverName: "kube.test"))
        #expect(defaultPort.connectTo == "kube.test:443:[::1]:443")
        #expect(defaultPort.hostHeader == "[::1]")
        #expect(defaultPort.isLoopback)

        #expect(RequestTarget(url: "http://127.0.0.1:8080/", serverName: "ignored.for.http")?.connectTo == nil)
        #expect(RequestTarget(url: "ftp://host/x", serverName: nil) == nil)
        #expect(RequestTarget(url: "no scheme at all", serverName: nil) == nil)
    }

    @Test func responseHeadersAreLowerCasedAndResetPerStatusLine() {
        let sink = TransferSink()
        func feed(_ line: String) {
            Array(line.utf8).withUnsafeBufferPointer { sink.receiveHeader($0) }
        }
        feed("HTTP/1.1 100 Continue\r\n")
        feed("X-Early: 1\r\n")
        feed("\r\n")
        feed("HTTP/2 200\r\n")
        feed("Content-Type:  application/json \r\n")
        feed("Audit-ID: abc\r\n")
        feed("\r\n")
        #expect(sink.status == 200)
        #expect(sink.headers == ["content-type": "application/json", "audit-id": "abc"])
    }
}
