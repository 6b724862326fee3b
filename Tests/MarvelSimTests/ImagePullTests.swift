import Foundation
import MarvelCore
import MarvelSim
import Testing

/// Images on a registry that needs a login: without a pull Secret the pod waits in ErrImagePull,
/// then ImagePullBackOff, with the kubelet's events; with the login in the marvdash config the
/// deploy creates the pull Secret, the pod references it and runs.
@Suite struct ImagePullTests {
    static let registry = "registry.marvel-platform.eu"
    static let alice = PrivateRegistries.Login(username: "alice", password: "s3cret-pw")

    struct Fixture {
        let cluster: EmbeddedCluster
        let client: KubeClient
        let automatic = AutomaticValues(namespace: "default", hostname: "h.local", registry: ImagePullTests.registry)

        init() throws {
            cluster = try EmbeddedCluster.start(privateRegistries: PrivateRegistries([ImagePullTests.registry: [ImagePullTests.alice]]))
            client = KubeClient(
                target: KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        }

        func deployer(login: RegistrySettings?) -> Deployer {
            var d = Deployer(client: client)
            d.pullCredentials = ConfiguredPullCredentials(settings: login, settingsFile: "config.yaml", resolver: RegistryCredentialResolver(environment: [:]))
            return d
        }

        func pods(_ instance: String) throws -> [JSONValue] {
            try client.list("/api/v1/namespaces/default/pods", query: ["labelSelector": "marvdash.io/instance=\(instance)"]).items
        }

        func events(_ pod: String) throws -> [JSONValue] {
            try client.list("/api/v1/namespaces/default/events").items.filter { $0.at("involvedObject", "name")?.stringValue == pod }
        }

        func wait(_ what: String, _ check: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if (try? check()) == true { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("timed out waiting for \(what)")
        }
    }

    static func tad() throws -> Template { try Template.load(file: CatalogueDeployTests.templatesDirectory + "/tad.template.yaml") }

    @Test func withoutALoginThePodBacksOffWithTheKubeletsWords() throws {
        let f = try Fixture()
        defer { f.cluster.stop() }
        _ = try f.deployer(login: nil).deploy(
            template: try Self.tad(), name: "tad", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        #expect(!((try? f.client.list("/api/v1/namespaces/default/secrets").items) ?? []).contains { ($0.at("metadata", "name")?.stringValue ?? "").hasPrefix("marvdash-pull.") })
        var pod = JSONValue.null
        // Two failed pulls with a back-off between them, and still not running.
        try f.wait("a second failed pull after ImagePullBackOff") {
            guard let first = try f.pods("tad").first else { return false }
            pod = first
            let failures = try f.events((pod.at("metadata", "name")?.stringValue ?? "")).first { $0["message"]?.stringValue?.hasPrefix("Failed to pull image") == true }?["count"]?.intValue
            let backOff = try f.events((pod.at("metadata", "name")?.stringValue ?? "")).contains { $0["reason"] == "BackOff" }
            return (failures ?? 0) >= 2 && backOff
        }
        pod = try #require(try f.pods("tad").first)
        #expect(pod.at("status", "phase") == "Pending")
        let image = "\(Self.registry)/tad:0"
        let messages = try f.events((pod.at("metadata", "name")?.stringValue ?? "")).compactMap { $0["message"]?.stringValue }
        #expect(messages.contains("Pulling image \"\(image)\""))
        #expect(messages.contains(
            "Failed to pull image \"\(image)\": failed to pull and unpack image \"\(image)\": failed to resolve reference \"\(image)\": "
                + "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"))
        #expect(messages.contains("Error: ErrImagePull"))
        #expect(messages.contains("Back-off pulling image \"\(image)\""))
        #expect(messages.contains("Error: ImagePullBackOff"))
        try f.wait("the container waiting in ImagePullBackOff") {
            let reason = try f.pods("tad").first?.at("status", "containerStatuses")?[0]?.at("state", "waiting", "reason")?.stringValue
            return reason == "ImagePullBackOff"
        }
        let shown = try Pod(json: try #require(try f.pods("tad").first))
        #expect(shown.displayStatus == "ImagePullBackOff")
    }

    @Test func withTheLoginInTheConfigThePullSecretIsMadeAndThePodRuns() throws {
        let f = try Fixture()
        defer { f.cluster.stop() }
        let settings = RegistrySettings(url: "https://\(Self.registry)", username: "alice", password: "s3cret-pw")
        let result = try f.deployer(login: settings).deploy(
            template: try Self.tad(), name: "tad", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        #expect(result.applied.first == "Secret/marvdash-pull.\(Self.registry)")
        #expect(!result.applied.description.contains("s3cret-pw"))
        let secret = try f.client.get("/api/v1/namespaces/default/secrets/marvdash-pull.\(Self.registry)")
        #expect(secret["type"] == "kubernetes.io/dockerconfigjson")
        try f.wait("the pod running") { try f.pods("tad").first?.at("status", "phase") == "Running" }
        let pod = try #require(try f.pods("tad").first)
        #expect(pod.at("spec", "imagePullSecrets") == [["name": .string("marvdash-pull.\(Self.registry)")]])
        // The record's manifests reference it too, so upgrades and rollbacks keep pulling.
        let record = try #require(try f.deployer(login: settings).record(name: "tad", namespace: "default"))
        #expect(record.manifests.contains { $0.at("spec", "template", "spec", "imagePullSecrets") != nil })
        // A wrong password is refused like none: the pod of a second instance backs off.
        let wrong = RegistrySettings(url: "https://\(Self.registry)", username: "alice", password: "guess")
        _ = try f.deployer(login: wrong).deploy(
            template: try Self.tad(), name: "tad-2", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        try f.wait("ErrImagePull with the wrong password") {
            let reason = try f.pods("tad-2").first?.at("status", "containerStatuses")?[0]?.at("state", "waiting", "reason")?.stringValue
            return reason == "ErrImagePull" || reason == "ImagePullBackOff"
        }
        // …and the first instance, whose pod already runs, keeps running.
        #expect(try f.pods("tad").first?.at("status", "phase") == "Running")
    }

    @Test func aPullSecretMarvdashDidNotMakeIsLeftAlone() throws {
        let f = try Fixture()
        defer { f.cluster.stop() }
        let name = "marvdash-pull.\(Self.registry)"
        _ = try f.client.send(
            .post, "/api/v1/namespaces/default/secrets", headers: [(name: "Content-Type", value: "application/json")],
            body: JSONValue.object(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name)], "stringData": ["x": "y"]]).jsonBytes())
        let settings = RegistrySettings(url: "https://\(Self.registry)", username: "alice", password: "s3cret-pw")
        #expect {
            try f.deployer(login: settings).deploy(
                template: try Self.tad(), name: "tad", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        } throws: { error in
            "\(error)".contains("applying Secret/\(name) failed: it exists and marvdash did not make it") && !"\(error)".contains("s3cret-pw")
        }
        #expect(try Deployer(client: f.client).record(name: "tad", namespace: "default") == nil)
    }
}
