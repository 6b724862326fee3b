import Foundation
import MarvelCore
import MarvelSim
import Testing

/// A running embedded cluster and a deployer over HTTP, stopped by `close()`.
struct DeployFixture {
    let cluster: EmbeddedCluster
    let client: KubeClient
    let deployer: Deployer
    let automatic = AutomaticValues(namespace: "default", hostname: "h.local", registry: "reg.local:5000")

    init() throws {
        cluster = try EmbeddedCluster.start()
        client = KubeClient(target: KubeTarget(contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        deployer = Deployer(client: client)
    }

    func close() { cluster.stop() }

    func exists(_ path: String) -> Bool { (try? client.get(path)) != nil }

    /// Waits (generous deadline) until `check` holds.
    func wait(_ what: String, _ check: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? check()) == true { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what)")
    }

    /// A ConfigMap, then a Job `NAME-batch`. Valid as written (the pre-flight passes it), it
    /// is refused by the API server when `plantJob` left a Job of that name with another
    /// pod template: a Job's template is immutable, which only the cluster can know.
    static func brokenTemplate(id: String = "broken") throws -> Template {
        try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${NAME}-config
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: ${NAME}-batch
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: batch
                    image: busybox:2
            ---
            kind: Template
            name: Broken
            variables:
            - name: NAME
              default: shop

            """, file: "/nonexistent/\(id).template.yaml")
    }

    /// A Job `NAME-batch` of instance `instance` whose pod template differs from `brokenTemplate`'s.
    func plantJob(instance: String) throws {
        let job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": ["name": .string("\(instance)-batch"), "labels": ["marvdash.io/instance": .string(instance)]],
            "spec": [
                "template": [
                    "spec": ["restartPolicy": "Never", "containers": [["name": "batch", "image": "busybox:1"]]]
                ]
            ],
        ]
        _ = try client.send(.post, "/apis/batch/v1/namespaces/default/jobs", body: job.jsonBytes())
    }

    static func template(id: String = "web", singleton: Bool = false, withConfig: Bool = true, gpu: Int = 0) throws -> Template {
        let config = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${NAME}-config
            data:
              greeting: ${GREETING}
            ---

            """
        let limits = gpu > 0 ? "\n            nvidia.com/gpu: \(gpu)\n          limits:\n            nvidia.com/gpu: \(gpu)" : ""
        let text = (withConfig ? config : "") + """
            apiVersion: v1
            kind: Service
            metadata:
              name: ${NAME}
            spec:
              selector:
                app: ${NAME}
              ports:
              - port: 80
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${NAME}
            spec:
              replicas: ${REPLICAS}
              selector:
                matchLabels:
                  app: ${NAME}
              template:
                metadata:
                  labels:
                    app: ${NAME}
                spec:
                  containers:
                  - name: web
                    image: ${REGISTRY}/nginx:1
                    resources:
                      requests:
                        cpu: 50m\(limits)
            ---
            kind: Template
            name: Web
            description: a test service
            singleton: \(singleton ? "yes" : "no")
            variables:
            - name: REGISTRY
              default: reg.local
            - name: NAME
              default: web
            - name: REPLICAS
              default: 2
              type: int
            - name: GREETING
              default: hello

            """
        return try Template.parse(text, file: "/nonexistent/\(id).template.yaml")
    }
}

@Suite struct DeployEngineTests {
    @Test func deployLabelsEveryObjectAndWritesTheRecord() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let result = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        #expect(result.applied == ["ConfigMap/shop-config", "Service/shop", "Deployment/shop"])
        #expect(result.revision == 1)
        let dep = try f.client.get("/apis/apps/v1/namespaces/default/deployments/shop")
        #expect(dep.at("metadata", "labels", "app.kubernetes.io/managed-by")?.stringValue == "marvdash")
        #expect(dep.at("metadata", "labels", "marvdash.io/instance")?.stringValue == "shop")
        #expect(dep.at("metadata", "labels", "marvdash.io/template")?.stringValue == "web")
        #expect(dep.at("spec", "template", "metadata", "labels", "marvdash.io/instance")?.stringValue == "shop")
        #expect(dep.at("metadata", "managedFields")?[0]?["manager"]?.stringValue == "marvdash")
        let secret = try f.client.get("/api/v1/namespaces/default/secrets/marvdash-shop")
        #expect(secret["type"]?.stringValue == "marvdash.io/instance.v1")
        #expect(secret.at("metadata", "labels", "marvdash.io/record")?.stringValue == "true")
        #expect(secret.at("metadata", "labels", "marvdash.io/state")?.stringValue == "deployed")
        #expect(!f.exists("/api/v1/namespaces/default/configmaps/marvdash-shop"))
        let record = try InstanceRecord(secret: secret)
        #expect(record.templateID == "web")
        #expect(record.revision == 1)
        #expect(record.state == .deployed)
        #expect(record.placement.isNull)
        #expect(record.manifests.contains { $0["kind"] == "Deployment" })
        #expect(record.values["GREETING"] == "hello")
        #expect(record.values["NAME"] == "shop")
        let instances = try f.deployer.instances(namespace: "default")
        #expect(instances.map(\.name) == ["shop"])
        #expect(instances.first?.managedBy == .marvdash)
    }

    @Test func dryRunStoresNothing() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let result = try f.deployer.deploy(template: try DeployFixture.template(), name: "dry", values: [:], namespace: "default", automatic: f.automatic, dryRun: true)
        #expect(result.dryRun)
        #expect(result.objects.count == 3)
        #expect(!f.exists("/apis/apps/v1/namespaces/default/deployments/dry"))
        #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-dry"))
        #expect(try f.deployer.instances(namespace: "default").isEmpty)
    }

    @Test func aTakenNameIsRefused() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let t = try DeployFixture.template()
        _ = try f.deployer.deploy(template: t, name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let error = #expect(throws: DeployError.self) {
            try f.deployer.deploy(template: t, name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        }
        #expect(error?.description.contains("an instance named shop already exists") == true)
        // An object that is not the instance's own also blocks the name, and nothing is applied.
        _ = try f.client.send(
            .post, "/api/v1/namespaces/default/services", headers: [(name: "Content-Type", value: "application/json")],
            body: JSONValue.object(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "other"], "spec": ["ports": [["port": 80]]]]).jsonBytes())
        let taken = #expect(throws: DeployError.self) {
            try f.deployer.deploy(template: t, name: "other", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        }
        #expect(taken?.description.contains("Service/other already exists") == true)
        #expect(!f.exists("/api/v1/namespaces/default/configmaps/other-config"))
    }

    @Test func aSingletonRefusesASecondInstance() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let t = try DeployFixture.template(singleton: true)
        _ = try f.deployer.deploy(template: t, name: "one", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let error = #expect(throws: DeployError.self) {
            try f.deployer.deploy(template: t, name: "two", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        }
        #expect(error?.description.contains("singleton") == true)
    }

    @Test func upgradeBumpsTheRevisionAndPrunesAndRollbackRestores() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let up = try f.deployer.upgrade(
            name: "shop", namespace: "default", set: ["REPLICAS": "3"], automatic: f.automatic, template: try DeployFixture.template(withConfig: false))
        #expect(up.revision == 2)
        #expect(up.pruned == ["ConfigMap/shop-config"])
        #expect(!f.exists("/api/v1/namespaces/default/configmaps/shop-config"))
        #expect(try f.client.get("/apis/apps/v1/namespaces/default/deployments/shop").at("spec", "replicas")?.intValue == 3)
        let back = try f.deployer.rollback(name: "shop", namespace: "default", revision: nil)
        #expect(back.revision == 3)
        #expect(f.exists("/api/v1/namespaces/default/configmaps/shop-config"))
        #expect(try f.client.get("/apis/apps/v1/namespaces/default/deployments/shop").at("spec", "replicas")?.intValue == 2)
        let rec = try #require(try f.deployer.record(name: "shop", namespace: "default"))
        #expect(rec.revision == 3)
        #expect(rec.values["REPLICAS"] == "2")
        #expect(rec.history.keys.sorted() == [1, 2, 3])
        let missing = #expect(throws: DeployError.self) { try f.deployer.rollback(name: "shop", namespace: "default", revision: 9) }
        #expect(missing?.description.contains("keeps no revision 9") == true)
    }

    @Test func deleteRemovesEverythingAndTheRecord() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let removed = try f.deployer.delete(name: "shop", namespace: "default")
        #expect(Set(removed) == ["ConfigMap/shop-config", "Service/shop", "Deployment/shop", "Secret/marvdash-shop"])
        #expect(removed.last == "Secret/marvdash-shop")
        #expect(!f.exists("/apis/apps/v1/namespaces/default/deployments/shop"))
        #expect(!f.exists("/api/v1/namespaces/default/services/shop"))
        #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-shop"))
        let again = #expect(throws: DeployError.self) { try f.deployer.delete(name: "shop", namespace: "default") }
        #expect(again?.description.contains("no instance named shop") == true)
    }

    @Test func statusShowsPodsEndpointsAndReadiness() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let instance = try #require(try f.deployer.instances(namespace: "default").first)
        try f.wait("2/2 ready") { try f.deployer.status(of: instance).readyText == "2/2" }
        let status = try f.deployer.status(of: instance)
        #expect(status.pods.count == 2)
        #expect(status.pods.allSatisfy { !$0.node.isEmpty && $0.layer != nil })
        #expect(status.endpoints.contains { $0.hasSuffix(":80") })
        #expect(status.summary == "Running")
    }

    @Test func aTemplateThatCannotFitStaysPendingWithTheSchedulerMessage() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(gpu: 8), name: "big", values: ["REPLICAS": "1"], namespace: "default", automatic: f.automatic, dryRun: false)
        let instance = try #require(try f.deployer.instances(namespace: "default").first)
        try f.wait("a FailedScheduling reason") { try f.deployer.status(of: instance).pods.first?.pendingReason != nil }
        let status = try f.deployer.status(of: instance)
        #expect(status.pods.first?.phase == "Pending")
        #expect(status.summary.hasPrefix("Pending: 0/"))
        #expect(status.summary.contains("nodes are available"))
    }

    @Test func karvdashServicesAreListedReadOnly() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let svc: JSONValue = [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "legacy", "labels": ["karvdash-template": "jupyter"], "annotations": ["karvdash-values": "{\"NAME\":\"legacy\",\"PASSWORD\":\"x\"}"]],
            "spec": ["ports": [["port": 8888]], "selector": ["app": "legacy"]],
        ]
        _ = try f.client.send(.post, "/api/v1/namespaces/default/services", headers: [(name: "Content-Type", value: "application/json")], body: svc.jsonBytes())
        let instances = try f.deployer.instances(namespace: "default")
        let legacy = try #require(instances.first { $0.name == "legacy" })
        #expect(legacy.managedBy == .karvdash)
        #expect(legacy.templateID == "jupyter")
        #expect(legacy.values["PASSWORD"] == "x")
        let refused = #expect(throws: DeployError.self) { try f.deployer.delete(name: "legacy", namespace: "default") }
        #expect(refused?.description.contains("read-only") == true)
        #expect(f.exists("/api/v1/namespaces/default/services/legacy"))
        #expect(try f.deployer.status(of: legacy).endpoints.contains { $0.hasSuffix(":8888") })
    }

    @Test func logsPrefixPodNamesAndFollowStopsWhenAsked() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let instance = try #require(try f.deployer.instances(namespace: "default").first)
        try f.wait("2/2 ready") { try f.deployer.status(of: instance).readyText == "2/2" }
        var lines: [String] = []
        try f.deployer.logs(name: "shop", namespace: "default") { lines.append($0); return true }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("[shop-") })
        let pod = try #require(try f.deployer.status(of: instance).pods.first?.name)
        var one: [String] = []
        try f.deployer.logs(name: "shop", namespace: "default", pod: pod, tail: 1) { one.append($0); return true }
        #expect(one.count == 1)
        #expect(!one[0].hasPrefix("["))
        var followed: [String] = []
        try f.deployer.logs(name: "shop", namespace: "default", follow: true) { followed.append($0); return followed.count < 3 }
        #expect(followed.count == 3)
        let bad = #expect(throws: DeployError.self) { try f.deployer.logs(name: "shop", namespace: "default", pod: "nope") { _ in true } }
        #expect(bad?.description.contains("pod nope is not part of instance shop") == true)
    }

    @Test func aFailedApplyRemovesWhatItCreatedAndSaysSo() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let t = try DeployFixture.brokenTemplate()
        try f.plantJob(instance: "shop")
        let error = #expect(throws: DeployError.self) {
            try f.deployer.deploy(template: t, name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        }
        let line = error?.description ?? ""
        #expect(line.hasPrefix("applying Job/shop-batch failed: "), "\(line)")
        #expect(line.contains("field is immutable"), "\(line)")
        #expect(line.contains("removed again what this deploy created: ConfigMap/shop-config"))
        #expect(!f.exists("/api/v1/namespaces/default/configmaps/shop-config"))
        #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-shop"))
    }
}
