import Foundation
import MarvelCore
import MarvelNet
import RegistryFixture

/// A token service for the registry's bearer-token flow, served by
/// MarvelNet's HTTPServer: it checks the basic credentials the client sends,
/// grants exactly the scope asked for, and signs an RS256 JWT with a key
/// (made by the openssl CLI) whose self-signed certificate the registry
/// trusts (`rootcertbundle`) and finds in the token's `x5c` header.
/// It counts the tokens issued per scope, so tests see the client's cache work.
final class RegistryTokenService: @unchecked Sendable {
    static let service = "marvdash-test-registry"
    static let issuer = "marvdash-test-issuer"

    let directory: String
    let certificateFile: String
    private let keyFile: String
    private let certificateDER: String
    private let users: [String: String]
    private let issued = TestBox<[String: Int]>([:])
    private var server: HTTPServer?

    init(users: [String: String]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-token-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        directory = dir
        keyFile = dir + "/token.key"
        certificateFile = dir + "/token.pem"
        self.users = users
        _ = try FixtureProcess.output(
            "/usr/bin/openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certificateFile, "-days", "2", "-subj", "/CN=marvdash test tokens"])
        _ = try FixtureProcess.output("/usr/bin/openssl", ["x509", "-in", certificateFile, "-outform", "DER", "-out", dir + "/token.der"])
        certificateDER = try Data(contentsOf: URL(fileURLWithPath: dir + "/token.der")).base64EncodedString()
    }

    deinit { stop() }

    /// Stops serving and removes the key folder.
    func stop() {
        server?.stop()
        server = nil
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts serving `/token`; returns the realm URL.
    func start() throws -> String {
        let server = try HTTPServer(handler: ClosureHandler { [weak self] request in
            self?.answer(request) ?? ServerResponse(status: 503)
        })
        server.start()
        self.server = server
        return server.baseURL + "/token"
    }

    /// Tokens issued so far, by scope ("" for none).
    var issuedByScope: [String: Int] { issued.current }

    private func answer(_ request: ServerRequest) -> ServerResponse {
        guard request.path == "/token" else { return ServerResponse(status: 404) }
        guard let header = request.headers["authorization"], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) }),
            let colon = decoded.firstIndex(of: ":"), users[String(decoded[..<colon])] == String(decoded[decoded.index(after: colon)...])
        else {
            return ServerResponse(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"tokens\"")], body: .bytes(Array("{\"details\":\"bad credentials\"}".utf8)))
        }
        let user = String(decoded[..<colon])
        let scope = request.query["scope"] ?? ""
        guard request.query["service"] == Self.service else { return ServerResponse(status: 400) }
        do {
            let token = try sign(user: user, scope: scope)
            issued.update { $0[scope, default: 0] += 1 }
            let body: JSONValue = ["token": .string(token), "expires_in": 300]
            return ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: .bytes(body.jsonBytes()))
        } catch {
            return ServerResponse(status: 500, body: .bytes(Array("\(error)".utf8)))
        }
    }

    /// "type:name:action,action" scopes (space-separated) as JWT access entries.
    private func access(_ scope: String) -> [JSONValue] {
        scope.split(separator: " ").compactMap { item in
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3 else { return nil }
            let actions = parts[parts.count - 1].split(separator: ",").map { JSONValue.string(String($0)) }
            let name = parts[1..<(parts.count - 1)].joined(separator: ":")
            return ["type": .string(parts[0]), "name": .string(name), "actions": .array(actions)]
        }
    }

    private func sign(user: String, scope: String) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let header: JSONValue = ["typ": "JWT", "alg": "RS256", "x5c": [.string(certificateDER)]]
        let claims: JSONValue = [
            "iss": .string(Self.issuer), "sub": .string(user), "aud": .string(Self.service), "exp": .int(now + 300), "nbf": .int(now - 10),
            "iat": .int(now), "jti": .string(UUID().uuidString), "access": .array(access(scope)),
        ]
        let input = Self.base64URL(header.jsonBytes()) + "." + Self.base64URL(claims.jsonBytes())
        let inputFile = directory + "/input-\(UUID().uuidString)"
        let signatureFile = inputFile + ".sig"
        defer {
            try? FileManager.default.removeItem(atPath: inputFile)
            try? FileManager.default.removeItem(atPath: signatureFile)
        }
        try Data(input.utf8).write(to: URL(fileURLWithPath: inputFile))
        _ = try FixtureProcess.output("/usr/bin/openssl", ["dgst", "-sha256", "-sign", keyFile, "-out", signatureFile, inputFile])
        let signature = try Data(contentsOf: URL(fileURLWithPath: signatureFile))
        return input + "." + Self.base64URL(Array(signature))
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
