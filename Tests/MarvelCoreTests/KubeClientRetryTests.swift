import Foundation
import Synchronization
import Testing

@testable import MarvelCore

/// A transport answering from a script and recording every request.
final class ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case respond(Int, String, [String: String])
        case fail(HTTPError)
    }

    private let state: Mutex<(steps: [Step], requests: [HTTPRequest])>

    init(_ steps: [Step]) { state = Mutex((steps: steps, requests: [])) }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let step = state.withLock { s -> Step in
            s.requests.append(request)
            return s.steps.isEmpty ? .respond(500, "script exhausted", [:]) : s.steps.removeFirst()
        }
        switch step {
        case .respond(let code, let body, let headers): return HTTPResponse(status: code, headers: headers, body: Array(body.utf8))
        case .fail(let e): throw e
        }
    }
}

/// Hands out "one", then "two" after a renewal.
final class CountingCredentials: CredentialProvider {
    private let count = Mutex(0)
    var renewals: Int { count.withLock { $0 } }
    var summary: String { "counting" }
    func credentials() throws(CredentialError) -> RequestCredentials {
        let token = count.withLock { $0 == 0 ? "one" : "two" }
        return RequestCredentials(headers: [(name: "Authorization", value: "Bearer \(token)")], generation: renewals)
    }
    func renew(after used: RequestCredentials) -> Bool {
        count.withLock { $0 += 1 }
        return true
    }
}

/// Records requested sleeps instead of sleeping.
final class RecordingSleeper: Sendable {
    private let slept = Mutex<[Double]>([])
    var delays: [Double] { slept.withLock { $0 } }
    var policy: RetryPolicy { RetryPolicy(maxAttempts: 3, baseDelay: 0.25, maxDelay: 2, retryAfterCap: 5, sleep: { d in self.slept.withLock { $0.append(d) } }) }
}

@Suite struct KubeClientRetryTests {
    let target = KubeTarget(
        contextName: "prod", clusterName: "c", userName: "alice", server: "https://10.0.0.1:6443/", auth: .bearer("SECRET-TOK"),
        sourceDescription: "test")

    @Test func retriesTransportErrorsWithBackoff() throws {
        let transport = ScriptedTransport([
            .fail(.connect(url: "https://10.0.0.1:6443/version", detail: "connection refused")),
            .fail(.transport(url: "https://10.0.0.1:6443/version", detail: "connection reset by peer")),
            .respond(200, #"{"gitVersion": "v1.30.2"}"#, [:]),
        ])
        let sleeper = RecordingSleeper()
        let client = KubeClient(target: target, transport: transport, retry: sleeper.policy)
        #expect(try client.serverVersion() == "v1.30.2")
        #expect(transport.requests.count == 3)
        #expect(sleeper.delays == [0.25, 0.5])
    }

    @Test func timeoutIsNotTriedAgainAndNamesTheTimeThatApplied() throws {
        let transport = ScriptedTransport([
            .fail(.timeout(url: "https://10.0.0.1:6443/version", seconds: 5)),
            .respond(200, #"{"gitVersion": "v1.30.2"}"#, [:]),
        ])
        let client = KubeClient(target: target, transport: transport, retry: RecordingSleeper().policy)
        let message = thrownErrorText { _ = try client.serverVersion() }
        #expect(message == "request to https://10.0.0.1:6443 (context prod) timed out after 5 s — is the cluster up? check --context or KUBECONFIG")
        #expect(transport.requests.count == 1)
        #expect(transport.requests.first?.timeout == 5, "reads carry the client's read timeout")
    }

    @Test func unauthorizedRenewsRenewableCredentialsOnce() throws {
        let transport = ScriptedTransport([
            .respond(401, #"{"kind":"Status","reason":"Unauthorized","message":"Unauthorized","code":401}"#, [:]),
            .respond(200, #"{"gitVersion": "v1.30.2"}"#, [:]),
        ])
        let credentials = CountingCredentials()
        let client = KubeClient(target: target, transport: transport, credentials: credentials)
        #expect(try client.serverVersion() == "v1.30.2")
        #expect(credentials.renewals == 1)
        #expect(transport.requests.map { $0.headers.first { $0.name == "Authorization" }?.value } == ["Bearer one", "Bearer two"])
        // Fixed credentials cannot get better: the 401 stands at once.
        let fixed = ScriptedTransport([.respond(401, "", [:]), .respond(200, "{}", [:])])
        #expect(throws: KubeError.self) { try KubeClient(target: target, transport: fixed).get("/api") }
        #expect(fixed.requests.count == 1)
    }

    @Test func givesUpAfterThreeTriesNamingServerAndContext() {
        let refused = HTTPError.connect(url: "https://10.0.0.1:6443/version", detail: "connection refused")
        let transport = ScriptedTransport([.fail(refused), .fail(refused), .fail(refused), .respond(200, "{}", [:])])
        let sleeper = RecordingSleeper()
        let client = KubeClient(target: target, transport: transport, retry: sleeper.policy)
        let message = thrownErrorText { _ = try client.serverVersion() }
        #expect(
            message == "cannot connect to https://10.0.0.1:6443 (context prod): connection refused — is the cluster up? check --context or KUBECONFIG")
        #expect(transport.requests.count == 3)
        #expect(sleeper.delays.count == 2)
    }

    @Test func honoursRetryAfterUpToTheCap() throws {
        let transport = ScriptedTransport([
            .respond(429, #"{"kind":"Status","message":"too many requests","reason":"TooManyRequests","code":429}"#, ["retry-after": "1"]),
            .respond(503, "busy", ["retry-after": "120"]),
            .respond(200, #"{"gitVersion": "v1"}"#, [:]),
        ])
        let sleeper = RecordingSleeper()
        let client = KubeClient(target: target, transport: transport, retry: sleeper.policy)
        #expect(try client.serverVersion() == "v1")
        #expect(sleeper.delays == [1, 5])
    }

    @Test func doesNotRetryTLSErrorsOrClientErrors() {
        let tls = ScriptedTransport([.fail(.tls(url: "u", detail: "certificate verify failed")), .respond(200, "{}", [:])])
        let sleeper = RecordingSleeper()
        #expect(throws: KubeError.self) { try KubeClient(target: target, transport: tls, retry: sleeper.policy).get("/version") }
        #expect(tls.requests.count == 1)
        let notFound = ScriptedTransport([.respond(404, #"{"kind":"Status","message":"nodes \"x\" not found","reason":"NotFound","code":404}"#, [:])])
        do {
            _ = try KubeClient(target: target, transport: notFound, retry: sleeper.policy).get("/api/v1/nodes/x")
            Issue.record("expected an error")
        } catch {
            #expect(error.statusCode == 404)
            #expect(error.description == "GET https://10.0.0.1:6443/api/v1/nodes/x (context prod): 404 NotFound: nodes \"x\" not found")
        }
        #expect(notFound.requests.count == 1)
        #expect(sleeper.delays.isEmpty)
    }

    @Test func writesAreNotRetried() {
        let transport = ScriptedTransport([.respond(503, "busy", [:]), .respond(200, "{}", [:])])
        let client = KubeClient(target: target, transport: transport, retry: RecordingSleeper().policy)
        #expect(throws: KubeError.self) { try client.send(.post, "/api/v1/namespaces", body: Array("{}".utf8)) }
        #expect(transport.requests.count == 1)
    }

    @Test func explainsRejectedCredentials() {
        let unauthorized = ScriptedTransport([.respond(401, #"{"kind":"Status","message":"Unauthorized","reason":"Unauthorized","code":401}"#, [:])])
        let message = thrownErrorText { _ = try KubeClient(target: target, transport: unauthorized).get("/api/v1/nodes") }
        #expect(message.contains("rejected the credentials of user alice"))
        #expect(message.contains("context prod"))
        #expect(!message.contains("SECRET-TOK"))
        let forbidden = ScriptedTransport([
            .respond(403, #"{"kind":"Status","message":"nodes is forbidden: User \"alice\" cannot list resource \"nodes\"","reason":"Forbidden","code":403}"#, [:])
        ])
        let refusal = thrownErrorText { _ = try KubeClient(target: target, transport: forbidden).get("/api/v1/nodes") }
        #expect(refusal.hasPrefix("user alice is not allowed to GET https://10.0.0.1:6443/api/v1/nodes (context prod) (403 Forbidden: nodes is forbidden"))
    }

    @Test func sendsAuthorizationAndAcceptHeaders() throws {
        let transport = ScriptedTransport([.respond(200, "{}", [:]), .respond(200, "{}", [:])])
        _ = try KubeClient(target: target, transport: transport).get("/api")
        let headers = try #require(transport.requests.first?.headers)
        #expect(headers.contains { $0.name == "Authorization" && $0.value == "Bearer SECRET-TOK" })
        #expect(headers.contains { $0.name == "Accept" && $0.value == "application/json" })
        var basic = target
        basic.auth = .basic(user: "admin", password: "pw")
        _ = try KubeClient(target: basic, transport: transport).get("/api")
        #expect(transport.requests.last?.headers.contains { $0.name == "Authorization" && $0.value == "Basic YWRtaW46cHc=" } == true)
    }

    @Test func listFollowsContinueTokensAndEncodesTheQuery() throws {
        let transport = ScriptedTransport([
            .respond(200, #"{"kind":"NodeList","metadata":{"resourceVersion":"41","continue":"tok en"},"items":[{"metadata":{"name":"a"}}]}"#, [:]),
            .respond(200, #"{"kind":"NodeList","metadata":{"resourceVersion":"42"},"items":[{"metadata":{"name":"b"}}]}"#, [:]),
        ])
        let client = KubeClient(target: target, transport: transport, pageSize: 1)
        let list = try client.list("/api/v1/nodes", query: ["labelSelector": "marvdash.io/layer=edge"])
        #expect(list.items.count == 2)
        #expect(list.resourceVersion == "42")
        let urls = transport.requests.map(\.url)
        #expect(urls[0] == "https://10.0.0.1:6443/api/v1/nodes?labelSelector=marvdash.io%2Flayer%3Dedge&limit=1")
        #expect(urls[1] == "https://10.0.0.1:6443/api/v1/nodes?continue=tok%20en&labelSelector=marvdash.io%2Flayer%3Dedge&limit=1")
    }

    @Test func expiredContinueTokenRestartsTheList() throws {
        let transport = ScriptedTransport([
            .respond(200, #"{"metadata":{"continue":"c1"},"items":[{"metadata":{"name":"a"}}]}"#, [:]),
            .respond(410, #"{"kind":"Status","message":"continue token expired","reason":"Expired","code":410}"#, [:]),
            .respond(200, #"{"metadata":{"resourceVersion":"9"},"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}"#, [:]),
        ])
        let nodes = try KubeClient(target: target, transport: transport).nodes()
        #expect(nodes.map(\.name) == ["a", "b"])
    }

    @Test func nonJSONAnswerIsExplained() {
        let transport = ScriptedTransport([.respond(200, "<html>login</html>", [:])])
        let message = thrownErrorText { _ = try KubeClient(target: target, transport: transport).get("/version") }
        #expect(message.hasPrefix("unexpected answer from https://10.0.0.1:6443/version (context prod): the body is not JSON"))
    }

    @Test func undecodableItemNamesTheField() {
        let transport = ScriptedTransport([.respond(200, #"{"items":[{"metadata":{}}]}"#, [:])])
        let message = thrownErrorText { _ = try KubeClient(target: target, transport: transport).pods(namespace: "marvel") }
        #expect(message.contains("/api/v1/namespaces/marvel/pods"))
        #expect(message.contains("metadata.name"))
    }
}
