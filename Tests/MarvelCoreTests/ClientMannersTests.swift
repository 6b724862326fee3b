import Foundation
import Synchronization
import Testing

@testable import MarvelCore

/// The client's manners: a client-side rate limit, discovery asked once per
/// server, and watch streams split into events whatever the chunking.
@Suite struct ClientMannersTests {
    /// A clock that moves only when the limiter sleeps.
    final class FakeTime: Sendable {
        private let state = Mutex((now: 100.0, slept: [Double]()))
        var now: Double { state.withLock { $0.now } }
        var slept: [Double] { state.withLock { $0.slept } }
        func sleep(_ seconds: Double) { state.withLock { $0.now += seconds; $0.slept.append(seconds) } }
    }

    @Test func rateLimiterLetsABurstThroughThenPacesAtQPS() {
        let time = FakeTime()
        let limiter = RateLimiter(qps: 2, burst: 3, clock: { time.now }, sleep: { time.sleep($0) })
        for _ in 0..<5 { limiter.acquire() }
        #expect(time.slept == [0.5, 0.5], "three at once, then one every half second")
        #expect(RateLimiter(qps: 0, burst: 1).acquire() == 0, "qps 0 never waits")
    }

    @Test func discoveryIsAskedOncePerGroupVersionAndAgainAfterA404() throws {
        let list = #"{"kind":"APIResourceList","groupVersion":"example.com/v1","resources":[{"name":"widgets","namespaced":true,"kind":"Widget","verbs":["get"]}]}"#
        let missing = #"{"kind":"Status","status":"Failure","reason":"NotFound","message":"the server could not find the requested resource","code":404}"#
        let transport = ScriptedTransport([
            .respond(200, list, [:]),
            .respond(404, missing, [:]),
            .respond(200, list, [:]),
        ])
        let target = KubeTarget(contextName: "c", clusterName: "c", server: "https://k", sourceDescription: "test")
        let client = KubeClient(target: target, transport: transport, retry: .none)
        let map = ResourceMap(client: client)
        #expect(try map.type(kind: "Widget", apiVersion: "example.com/v1").resource == "widgets")
        #expect(try map.type(kind: "Widget", apiVersion: "example.com/v1").resource == "widgets")
        #expect(transport.requests.count == 1, "the second lookup used the cached discovery")
        #expect(client.discovery.isCached("/apis/example.com/v1"))
        _ = try? client.get("/apis/example.com/v1/namespaces/x/widgets")
        #expect(!client.discovery.isCached("/apis/example.com/v1"), "a 404 for the resource forgets its group-version")
        #expect(try map.type(kind: "Widget", apiVersion: "example.com/v1").resource == "widgets")
        #expect(transport.requests.count == 3)
    }

    @Test func watchLinesSplitAcrossAnyChunking() {
        let text = Array("{\"type\":\"ADDED\"}\n{\"type\":\"BOOKMARK\"}\n\n{\"type\":\"DELETED\"}\n{\"par".utf8)
        for size in [1, 3, 7, text.count] {
            var splitter = WatchLineSplitter()
            var lines: [String] = []
            var i = 0
            while i < text.count {
                let piece = text[i..<min(text.count, i + size)]
                lines += splitter.feed(piece).map { String(decoding: $0, as: UTF8.self) }
                i += size
            }
            #expect(lines == [#"{"type":"ADDED"}"#, #"{"type":"BOOKMARK"}"#, #"{"type":"DELETED"}"#], "chunks of \(size)")
            #expect(splitter.hasPartialLine)
        }
    }

    @Test func execCredentialOutputRules() throws {
        let v1 = "client.authentication.k8s.io/v1"
        func parse(_ json: String) throws(ExecCredentialProblem) -> ExecCredential {
            try ExecCredential(output: Array(json.utf8), apiVersion: v1)
        }
        let token = try parse(#"{"apiVersion":"\#(v1)","kind":"ExecCredential","status":{"token":"abc","expirationTimestamp":"2030-01-01T00:00:00Z"}}"#)
        #expect(token.token == "abc" && token.identity == nil)
        #expect(token.expiration == Timestamp.parse("2030-01-01T00:00:00Z"))
        let cert = try parse(#"{"apiVersion":"\#(v1)","kind":"ExecCredential","status":{"clientCertificateData":"C","clientKeyData":"K"}}"#)
        #expect(cert.identity == ClientIdentity(certificatePEM: Array("C".utf8), keyPEM: Array("K".utf8)))
        #expect(cert.credentials(generation: 1).headers.isEmpty)
        #expect(throws: ExecCredentialProblem.self) { try parse("") }
        #expect(throws: ExecCredentialProblem.self) { try parse(#"{"apiVersion":"\#(v1)","kind":"Status","status":{"token":"a"}}"#) }
        #expect(throws: ExecCredentialProblem.self) { try parse(#"{"apiVersion":"\#(v1)","kind":"ExecCredential","status":{}}"#) }
        #expect(throws: ExecCredentialProblem.self) {
            try parse(#"{"apiVersion":"\#(v1)","kind":"ExecCredential","status":{"token":"a","expirationTimestamp":"soon"}}"#)
        }
        #expect(!String(describing: RequestCredentials(headers: [(name: "Authorization", value: "Bearer abc")])).contains("abc"))
    }
}
