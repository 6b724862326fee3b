import Foundation
import MarvelCore
import RegistryFixture
import Testing

/// Authentication against a real `docker-registry`: htpasswd basic auth over
/// TLS with a test CA, and the bearer-token flow with a token service the test
/// serves. Missing and refused credentials are one clear line each, after at
/// most one retry.
@Suite(.enabled(if: TLSFixture.available, "needs /usr/bin/openssl"))
struct RegistryAuthTests {
    let amd64 = ImagePlatform(architecture: "amd64")

    @Test func basicAuthOverTLSWithATestCA() throws {
        let tls = try TLSFixture()
        let registry = try TestRegistry(
            auth: .basic(users: ["alice": "s3cret"]),
            tls: TestRegistry.TLS(certificateFile: tls.path("server.pem"), keyFile: tls.path("server.key")))
        defer { registry.stop() }
        let endpoint = try #require(RegistryEndpoint(parsing: registry.url))
        let trusted = TLSOptions(caPEM: try tls.pem("ca.pem"))
        let alice = RegistryCredentials(username: "alice", password: "s3cret", source: "the test")

        // No CA: the certificate is not trusted, and the message says what to configure.
        let untrusted = registryError { try RegistryClient(endpoint: endpoint, credentials: alice).ping() }
        #expect(untrusted?.isUnreachable == true)
        #expect(untrusted?.description.contains("set registry.caFile") == true, "\(String(describing: untrusted))")

        // The CA but no credentials: the registry needs some.
        let anonymous = registryError { try RegistryClient(endpoint: endpoint, tls: trusted, settingsFile: "/etc/marvdash.yaml").catalog() }
        #expect(anonymous?.needsCredentials == true)
        #expect(anonymous?.description.contains("needs credentials") == true)
        #expect(anonymous?.description.contains("/etc/marvdash.yaml") == true)

        // Wrong password: refused, naming the user but never the password.
        let wrong = RegistryCredentials(username: "alice", password: "nope", source: "the test")
        let refused = registryError { try RegistryClient(endpoint: endpoint, credentials: wrong, tls: trusted).catalog() }
        #expect(refused?.description.contains("refused the credentials of user alice") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("nope") == false)

        // The right ones: push, list, describe, delete.
        let client = RegistryClient(endpoint: endpoint, credentials: alice, tls: trusted)
        try TestImages(client: client).push("secure/app", tag: "1", platforms: [amd64])
        #expect(try client.catalog() == ["secure/app"])
        #expect(try client.describe("secure/app", reference: "1").platformNames == ["linux/amd64"])
        try client.deleteTag("secure/app", tag: "1")
        #expect(try client.tags("secure/app").isEmpty)

        // insecure: true skips verification.
        let insecure = RegistryClient(endpoint: endpoint, credentials: alice, tls: TLSOptions(insecureSkipVerify: true))
        #expect(try insecure.catalog() == ["secure/app"])
    }

    @Test func bearerTokenFlowWithOneTokenPerScope() throws {
        let tokens = try RegistryTokenService(users: ["bob": "hunter2"])
        defer { tokens.stop() }
        let realm = try tokens.start()
        let registry = try TestRegistry(
            auth: .token(realm: realm, service: RegistryTokenService.service, issuer: RegistryTokenService.issuer, certificateFile: tokens.certificateFile))
        defer { registry.stop() }
        let endpoint = try #require(RegistryEndpoint(parsing: registry.url))
        let bob = RegistryCredentials(username: "bob", password: "hunter2", source: "the test")
        let client = RegistryClient(endpoint: endpoint, credentials: bob)

        let images = TestImages(client: client)
        try images.push("tokens/app", tag: "1.0", platforms: [amd64, ImagePlatform(architecture: "arm64")])
        #expect(try client.catalog() == ["tokens/app"])
        #expect(try client.tags("tokens/app") == ["1.0"])
        #expect(try client.describe("tokens/app", reference: "1.0").platformNames == ["linux/amd64", "linux/arm64"])
        #expect(try client.repositoryImages("tokens/app").groups.count == 1)

        // One token per scope, reused until it expires: pushing and every read above took three.
        // The registry names a scope's actions in no fixed order ("pull,push" or "push,pull").
        let issued = Dictionary(tokens.issuedByScope.map { (RegistryTokenCache.key($0.key), $0.value) }, uniquingKeysWith: +)
        #expect(issued["repository:tokens/app:pull,push"] == 1, "\(issued)")
        #expect(issued["registry:catalog:*"] == 1, "\(issued)")
        #expect(issued["repository:tokens/app:pull"] == 1, "\(issued)")
        #expect(client.tokens.tokenFetches == issued.values.reduce(0, +))

        // Deleting asks for the delete scope.
        try client.deleteTag("tokens/app", tag: "1.0")
        #expect(tokens.issuedByScope["repository:tokens/app:delete"] == 1)

        // A wrong password is refused by the token service: one line, one attempt.
        let wrong = RegistryClient(endpoint: endpoint, credentials: RegistryCredentials(username: "bob", password: "x", source: "the test"))
        let refused = registryError { try wrong.catalog() }
        #expect(refused?.description.contains("refused the credentials of user bob (from the test)") == true, "\(String(describing: refused))")
        // No credentials at all: the registry needs some.
        let anonymous = registryError { try RegistryClient(endpoint: endpoint).tags("tokens/app") }
        #expect(anonymous?.needsCredentials == true)
        #expect(anonymous?.description.contains("needs credentials") == true)
    }
}
