import Foundation
import MarvelCore
import MarvelNet
import Testing

/// A server that echoes the credentials it was sent in its error answers (a
/// misconfigured proxy, a hostile server) never gets them shown: every error
/// line built from an HTTP error body or Status message is scrubbed.
@Suite struct CredentialEchoTests {
    static let token = "eyJhbGciOiJSUzI1NiJ9.c2VydmljZWFjY291bnQ.SIGNATUREecho42"
    static let password = "pa55-Echo-word"
    static let keyLine = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"
    static let keyPEM = "-----BEGIN PRIVATE KEY-----\n\(keyLine)\nZmFrZSBrZXkgbWF0ZXJpYWwgZm9yIHRoZSBlY2hvIHRlc3Q=\n-----END PRIVATE KEY-----\n"

    /// Answers every request with `code` and a Status (or, for 502, plain text) quoting the
    /// Authorization header and a line of the client key.
    static func echoing(_ code: Int) -> @Sendable (ServerRequest) -> ServerResponse {
        { request in
            let auth = request.headers["authorization"] ?? "none"
            let text = "denied for Authorization: \(auth) (key \(CredentialEchoTests.keyLine))"
            if code == 502 {
                return ServerResponse(status: code, headers: [("Content-Type", "text/plain")], body: .bytes(Array(text.utf8)))
            }
            let status: JSONValue = [
                "kind": "Status", "apiVersion": "v1", "status": "Failure", "message": .string(text), "reason": "Unauthorized", "code": .int(code),
            ]
            return ServerResponse(status: code, headers: [("Content-Type", "application/json")], body: .bytes(status.jsonBytes()))
        }
    }

    static func client(_ server: HTTPServer, auth: KubeTarget.Auth) -> KubeClient {
        let target = KubeTarget(
            contextName: "echo", clusterName: "echo", userName: "alice", server: server.baseURL, tls: TLSOptions(clientKeyPEM: Array(keyPEM.utf8)),
            auth: auth, sourceDescription: "test")
        return KubeClient(target: target, transport: HTTPClient(connectTimeout: 5, timeout: 10), retry: RetryPolicy(maxAttempts: 1))
    }

    static func assertClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in [token, password, keyLine, Data("alice:\(password)".utf8).base64EncodedString()] {
            #expect(!text.contains(secret), "leaked \(secret) in: \(text)", sourceLocation: sourceLocation)
        }
        #expect(text.contains("***"), "nothing masked in: \(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [401, 403, 500, 502])
    func aBearerTokenEchoedInAnErrorIsNeverShown(code: Int) throws {
        try withServer(Self.echoing(code)) { server in
            let client = Self.client(server, auth: .bearer(Self.token))
            let error = #expect(throws: KubeError.self) { try client.get("/api/v1/pods") }
            let text = String(describing: try #require(error))
            Self.assertClean(text)
            #expect(text.contains("denied for Authorization: *** (key ***)"))
            var dumped = ""
            dump(error, to: &dumped)
            Self.assertClean(dumped)
        }
    }

    @Test(arguments: [401, 403, 500])
    func aBasicAuthPasswordEchoedInAnErrorIsNeverShown(code: Int) throws {
        try withServer(Self.echoing(code)) { server in
            let client = Self.client(server, auth: .basic(user: "alice", password: Self.password))
            let error = #expect(throws: KubeError.self) { try client.send(.post, "/api/v1/namespaces/default/secrets", body: [0x7b, 0x7d]) }
            Self.assertClean(String(describing: try #require(error)))
        }
    }

    @Test func streamedRequestsAreScrubbedToo() throws {
        try withServer(Self.echoing(401)) { server in
            let client = HTTPClient(tls: TLSOptions(clientKeyPEM: Array(Self.keyPEM.utf8)), connectTimeout: 5, timeout: 10)
            let request = HTTPRequest(url: server.baseURL + "/api/v1/namespaces/default/pods/p/log", headers: [(name: "Authorization", value: "Bearer \(Self.token)")])
            let error = #expect(throws: HTTPError.self) { _ = try client.stream(request) { _ in true } }
            Self.assertClean(String(describing: try #require(error)))
        }
    }

    @Test func theDeployersErrorLinesAreScrubbed() throws {
        try withServer(Self.echoing(403)) { server in
            let deployer = Deployer(client: Self.client(server, auth: .bearer(Self.token)))
            let error = #expect(throws: (any Error).self) { _ = try deployer.instances(namespace: "default") }
            let text = String(describing: try #require(error))
            Self.assertClean(text)
            #expect(text.contains("listing instance records"))
        }
    }
}
