import Foundation
import Testing
@testable import MarvelCore

/// The `registry:` settings block and where credentials come from: the
/// marvdash config (password or password file) or the Docker client config.
@Suite struct RegistrySettingsTests {
    let loader = SettingsLoader(environment: [:])

    @Test func readsTheRegistryBlock() throws {
        let s = try loader.parse(
            """
            registry:
              url: https://registry.example:5000
              username: alice
              passwordFile: /run/secrets/registry
              caFile: /etc/ca.pem
              insecure: false
              timeoutSeconds: 20
            """, file: "config.yaml")
        let r = try #require(s.registry)
        #expect(r.url == "https://registry.example:5000")
        #expect(r.username == "alice" && r.passwordFile == "/run/secrets/registry" && r.caFile == "/etc/ca.pem")
        #expect(r.timeoutSeconds == 20 && !r.insecure)
        let shown = RegistrySettings(url: "https://r", username: "u", password: "hunter2").description
        #expect(!shown.contains("hunter2") && shown.contains("***"))
    }

    @Test func badRegistrySettingsNameTheirPosition() {
        for (text, fragment) in [
            ("registry: https://r\n", "1:11: registry must be a mapping"),
            ("registry:\n  url: ftp://r\n", "2:8: registry.url 'ftp://r' is not a registry address"),
            ("registry:\n  username: a\n", "2:3: registry needs url"),
            ("registry:\n  url: https://r\n  pasword: x\n", "3:3: unknown setting 'registry.pasword'"),
            ("registry:\n  url: https://r\n  password: x\n", "registry has a password but no username"),
            ("registry:\n  url: https://r\n  timeoutSeconds: 0\n", "3:19: registry.timeoutSeconds must be a number from 1 to 600"),
        ] {
            do {
                _ = try loader.parse(text, file: "c.yaml")
                Issue.record("accepted \(text)")
            } catch let e as SettingsError {
                #expect(e.description.contains(fragment), "\(e.description) lacks \(fragment)")
            } catch {
                Issue.record("wrong error \(error)")
            }
        }
    }

    @Test func credentialsFromTheConfigWinOverDocker() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "s3cret\n".write(toFile: dir + "/pw", atomically: true, encoding: .utf8)
        try #"{"auths":{"r.example:5000":{"auth":"ZG9ja2VyOmZyb21kb2NrZXI="}}}"#.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let resolver = RegistryCredentialResolver(environment: ["DOCKER_CONFIG": dir, "HOME": "/nonexistent"])
        let endpoint = try #require(RegistryEndpoint(parsing: "https://r.example:5000"))

        let fromFile = try resolver.credentials(
            for: endpoint, settings: RegistrySettings(url: endpoint.baseURL, username: "alice", passwordFile: dir + "/pw"), settingsFile: "/c.yaml")
        #expect(fromFile?.username == "alice" && fromFile?.password == "s3cret")
        #expect(fromFile?.source.contains("/c.yaml") == true)

        let fromDocker = try resolver.credentials(for: endpoint, settings: RegistrySettings(url: endpoint.baseURL), settingsFile: nil)
        #expect(fromDocker == RegistryCredentials(username: "docker", password: "fromdocker", source: dir + "/config.json"))
        #expect(fromDocker?.description == "user docker (from \(dir)/config.json)")
        #expect(fromDocker?.basicHeader == "Basic ZG9ja2VyOmZyb21kb2NrZXI=")

        let other = try #require(RegistryEndpoint(parsing: "https://elsewhere:5000"))
        #expect(try resolver.credentials(for: other, settings: nil, settingsFile: nil) == nil)

        let missing = RegistrySettings(url: endpoint.baseURL, username: "alice", passwordFile: dir + "/none")
        #expect(throws: RegistryError.self) { try resolver.credentials(for: endpoint, settings: missing, settingsFile: "/c.yaml") }
    }

    @Test func dockerConfigKeysNameHostsManyWays() throws {
        #expect(RegistryCredentialResolver.keyHost("https://index.docker.io/v1/") == "docker.io")
        #expect(RegistryCredentialResolver.keyHost("http://R.example:5000/v2/") == "r.example:5000")
        #expect(RegistryCredentialResolver.keyHost("r.example") == "r.example")
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"auths":{"https://r.example/v1/":{"username":"u","password":"p"},"bad.example":{"auth":"%%%"}}}"#
            .write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let resolver = RegistryCredentialResolver(environment: ["HOME": "/nonexistent"])
        let found = try resolver.dockerConfigCredentials(path: dir + "/config.json", host: "r.example")
        #expect(found?.username == "u" && found?.password == "p")
        do {
            _ = try resolver.dockerConfigCredentials(path: dir + "/config.json", host: "bad.example")
            Issue.record("bad base64 accepted")
        } catch {
            #expect(error.description.contains("auths.\"bad.example\".auth is not base64 of user:password"))
        }
    }

    @Test func configuredClientsRefuseBadAddresses() {
        #expect(throws: RegistryError.self) { try RegistryClient.configured(url: nil, settings: nil, settingsFile: "/c.yaml", environment: [:]) }
        do {
            _ = try RegistryClient.configured(url: nil, settings: nil, settingsFile: "/c.yaml", environment: [:])
        } catch {
            #expect(error.description == "no registry configured: pass --registry URL or set registry.url in the marvdash config (/c.yaml)")
        }
        #expect(throws: RegistryError.self) { try RegistryClient.configured(url: "not a url", settings: nil, settingsFile: nil, environment: [:]) }
    }

    @Test func connectionsThatExposeSomethingAreWarnedAbout() throws {
        let alice = RegistryCredentials(username: "alice", password: "pw", source: "t")
        let plain = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: "http://r:5000")), credentials: alice)
        #expect(plain.warnings == ["credentials of user alice are sent without TLS to registry http://r:5000"])
        let insecure = RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: "https://r")), tls: TLSOptions(insecureSkipVerify: true))
        #expect(insecure.warnings == ["TLS verification is disabled for registry https://r by registry.insecure"])
        #expect(RegistryClient(endpoint: try #require(RegistryEndpoint(parsing: "https://r")), credentials: alice).warnings.isEmpty)
    }

    private func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-registry-settings-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
