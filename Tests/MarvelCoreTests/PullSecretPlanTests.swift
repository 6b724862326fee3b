import Foundation
import Testing

@testable import MarvelCore

/// Registry logins becoming image pull Secrets, mirrors, and the settings behind them.
@Suite struct PullSecretPlanTests {
    static func deployment(_ name: String, images: [String]) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": ["template": ["spec": ["containers": .array(images.enumerated().map { ["name": .string("c\($0.offset)"), "image": .string($0.element)] })]]],
        ]
    }

    static let marvel = RegistryCredentials(username: "alice", password: "s3cret-pw", source: "test")
    static let hub = RegistryCredentials(username: "bob", password: "hub-pw", source: "test")

    @Test func aSecretPerRegistryWithALoginAndTheReferencesThatNeedIt() throws {
        let manifests = [
            Self.deployment("tad", images: ["registry.marvel-platform.eu/tad:0"]),
            Self.deployment("kafka", images: ["confluentinc/cp-kafka:5.3.1"]),
            Self.deployment("mixed", images: ["registry.marvel-platform.eu/x:1", "quay.io/y/z:2", "nginx:latest"]),
            ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "tad"]],
        ]
        let source = StaticPullCredentials(["registry.marvel-platform.eu": Self.marvel, "docker.io": Self.hub])
        let plan = try PullSecretPlan(manifests: manifests, namespace: "marvel", source: source)
        #expect(plan.secrets.map { $0.at("metadata", "name") } == ["marvdash-pull.docker.io", "marvdash-pull.registry.marvel-platform.eu"])
        let secret = plan.secrets[1]
        #expect(secret["type"] == "kubernetes.io/dockerconfigjson" && secret.at("metadata", "namespace") == "marvel")
        #expect(secret.at("metadata", "labels", "app.kubernetes.io/managed-by") == "marvdash")
        let encoded = try #require(secret.at("data", ".dockerconfigjson")?.stringValue)
        let config = try JSONValue.parse(Array(try #require(Data(base64Encoded: encoded))))
        let entry = try #require(config.at("auths", "registry.marvel-platform.eu"))
        #expect(entry["username"] == "alice" && entry["password"] == "s3cret-pw")
        #expect(entry["auth"]?.stringValue == Data("alice:s3cret-pw".utf8).base64EncodedString())
        // Docker Hub's login is keyed the way docker login writes it.
        let hubConfig = try JSONValue.parse(Array(try #require(Data(base64Encoded: plan.secrets[0].at("data", ".dockerconfigjson")?.stringValue ?? ""))))
        #expect(hubConfig.at("auths", "https://index.docker.io/v1/", "username") == "bob")
        func pullSecrets(_ i: Int) -> [String] {
            (plan.manifests[i].at("spec", "template", "spec", "imagePullSecrets")?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        }
        #expect(pullSecrets(0) == ["marvdash-pull.registry.marvel-platform.eu"])
        #expect(pullSecrets(1) == ["marvdash-pull.docker.io"])
        #expect(pullSecrets(2) == ["marvdash-pull.docker.io", "marvdash-pull.registry.marvel-platform.eu"])  // quay.io has no login
        #expect(plan.manifests[3] == manifests[3])
        #expect(Set(plan.passwords) == ["s3cret-pw", "hub-pw"])
        // Without a source nothing changes.
        let none = try PullSecretPlan(manifests: manifests, namespace: "marvel", source: nil)
        #expect(none.secrets.isEmpty && none.manifests == manifests)
        #expect(PullSecretPlan.secretName(registry: "127.0.0.1:5000") == "marvdash-pull.127.0.0.1-5000")
    }

    @Test func theSettingsLoginGoesOnlyToItsRegistryAndDockerConfigCoversTheRest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-pull-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dockerConfig = dir.appendingPathComponent("config.json").path
        let auth = Data("carol:from-docker".utf8).base64EncodedString()
        try #"{"auths": {"https://index.docker.io/v1/": {"auth": "\#(auth)"}, "registry.marvel-platform.eu": {"auth": "\#(auth)"}}}"#
            .write(toFile: dockerConfig, atomically: true, encoding: .utf8)
        let settings = RegistrySettings(url: "https://registry.marvel-platform.eu", username: "alice", password: "s3cret-pw", dockerConfig: dockerConfig)
        let source = ConfiguredPullCredentials(settings: settings, settingsFile: "config.yaml", resolver: RegistryCredentialResolver(environment: [:]))
        #expect(try source.credentials(forRegistry: "registry.marvel-platform.eu")?.password == "s3cret-pw")
        #expect(try source.credentials(forRegistry: "docker.io")?.username == "carol", "another registry never gets the settings' password")
        #expect(try source.credentials(forRegistry: "quay.io") == nil)
        // With no username in the settings, docker login's entry for the registry is used.
        let dockerOnly = ConfiguredPullCredentials(
            settings: RegistrySettings(url: "https://registry.marvel-platform.eu", dockerConfig: dockerConfig), settingsFile: nil,
            resolver: RegistryCredentialResolver(environment: [:]))
        #expect(try dockerOnly.credentials(forRegistry: "registry.marvel-platform.eu")?.password == "from-docker")
    }

    @Test func mirrorsReplaceTheRegistryAndKeepTheRepositoryPath() {
        let mirrors = ImageMirrors(["docker.io": "registry.marvel-platform.eu", "docker.elastic.co": "mirror.example:5000/elastic/"])
        #expect(mirrors.rewrite("confluentinc/cp-kafka:5.3.1") == "registry.marvel-platform.eu/confluentinc/cp-kafka:5.3.1")
        #expect(mirrors.rewrite("nginx:latest") == "registry.marvel-platform.eu/library/nginx:latest")
        #expect(mirrors.rewrite("docker.elastic.co/kibana/kibana:7.17.9") == "mirror.example:5000/elastic/kibana/kibana:7.17.9")
        #expect(mirrors.rewrite("quay.io/a/b@sha256:abc") == "quay.io/a/b@sha256:abc")
        #expect(mirrors.rewrite("registry.marvel-platform.eu/tad:0") == "registry.marvel-platform.eu/tad:0")
        let everything = ImageMirrors(["*": "registry.marvel-platform.eu"])
        #expect(everything.rewrite("quay.io/a/b:1") == "registry.marvel-platform.eu/a/b:1")
        #expect(everything.rewrite("registry.marvel-platform.eu/tad:0") == "registry.marvel-platform.eu/tad:0", "the mirror's own images stay")
        let rewritten = mirrors.rewriting([Self.deployment("k", images: ["confluentinc/cp-kafka:5.3.1"])])
        #expect(rewritten[0].at("spec", "template", "spec", "containers")?[0]?["image"] == "registry.marvel-platform.eu/confluentinc/cp-kafka:5.3.1")
        #expect(ImageMirrors.none.rewrite("nginx") == "nginx")
    }

    @Test func settingsReadMirrorsAndVPNRanges() throws {
        let loader = SettingsLoader(environment: [:])
        let s = try loader.parse(
            """
            vpn:
              ranges: [10.20.0.0/16, 10.30.0.0/16]
            layers:
              labelKeys: [Layer]
            registry:
              url: https://registry.marvel-platform.eu
              mirrors:
                docker.io: registry.marvel-platform.eu
                "*": registry.marvel-platform.eu/mirror
            """, file: "c.yaml")
        #expect(s.registry?.mirrors == ["docker.io": "registry.marvel-platform.eu", "*": "registry.marvel-platform.eu/mirror"])
        #expect(s.layerRules.labelKeys == ["Layer"] && s.layerRules.vpnRanges.map(\.description) == ["10.20.0.0/16", "10.30.0.0/16"])
        for (text, fragment) in [
            ("registry:\n  url: https://r\n  mirrors:\n    docker.io: https://m\n", "4:16: registry.mirrors.docker.io: 'https://m' has a scheme"),
            ("registry:\n  url: https://r\n  mirrors: [a]\n", "3:12: registry.mirrors must map a registry to its mirror"),
            ("vpn:\n  ranges: [10.20.0.0/33]\n", "2:12: vpn.ranges: '10.20.0.0/33' is not an IPv4 CIDR range"),
            ("vpn:\n  cidr: 10.0.0.0/8\n", "2:3: unknown setting 'vpn.cidr'"),
        ] {
            #expect(throws: SettingsError.self, "\(text)") { try loader.parse(text, file: "c.yaml") }
            do { _ = try loader.parse(text, file: "c.yaml") } catch { #expect("\(error)".contains(fragment), "\(error)") }
        }
    }

    @Test func aNodeShowsItsVPNAddress() throws {
        let ranges = [try #require(IPv4Range(parsing: "10.20.0.0/16"))]
        #expect(ranges[0].contains("10.20.1.10") && !ranges[0].contains("10.21.0.1") && !ranges[0].contains("x"))
        let lan = Node(name: "mtfog1", addresses: [Node.Address(type: "InternalIP", address: "10.20.2.10")])
        #expect(VPNAddress.of(lan, ranges: ranges)?.address == "10.20.2.10")
        #expect(VPNAddress.of(lan, ranges: ranges)?.source == "InternalIP in 10.20.0.0/16")
        #expect(VPNAddress.of(lan, ranges: []) == nil)
        let annotated = Node(name: "e", annotations: [VPNAddress.annotation: "192.168.100.7"])
        #expect(VPNAddress.of(annotated, ranges: [])?.address == "192.168.100.7")
    }
}
