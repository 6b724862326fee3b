import Foundation
import MarvelCore
import MarvelSim
import Testing

/// Interrupted and failed actions stay visible and can be finished or cleaned up:
/// deploys, upgrades and deletes stopped between two objects (an injected
/// interruption, as a killed process would stop), legacy ConfigMap records,
/// record-less leftovers. All against the embedded cluster over HTTP.
@Suite struct DeployTransactionTests {
    /// Five objects: a Secret with the password, two Services, a StatefulSet and a Deployment.
    static func store() throws -> Template {
        try Template.parse("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: ${NAME}-auth
            stringData:
              password: ${ADMIN_PASSWORD}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: ${NAME}
            spec:
              selector: {app: "${NAME}"}
              ports: [{port: 5432}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: ${NAME}-headless
            spec:
              clusterIP: None
              selector: {app: "${NAME}"}
              ports: [{port: 5432}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: ${NAME}
            spec:
              serviceName: ${NAME}-headless
              replicas: 1
              selector: {matchLabels: {app: "${NAME}"}}
              template:
                metadata: {labels: {app: "${NAME}"}}
                spec:
                  containers:
                  - name: db
                    image: postgres:16
                    env:
                    - name: POSTGRES_PASSWORD
                      valueFrom: {secretKeyRef: {name: "${NAME}-auth", key: password}}
                    resources: {requests: {cpu: 50m}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ${NAME}-admin
            spec:
              replicas: ${ADMINS}
              selector: {matchLabels: {app: "${NAME}-admin"}}
              template:
                metadata: {labels: {app: "${NAME}-admin"}}
                spec:
                  containers:
                  - name: admin
                    image: adminer:4
                    resources: {requests: {cpu: 20m}}
            ---
            kind: Template
            name: Store
            variables:
            - name: NAME
              default: store
            - name: ADMIN_PASSWORD
              default: change-me
            - name: ADMINS
              default: 1
              type: int

            """, file: "/nonexistent/store.template.yaml")
    }

    static let password = "Tr4nsaction-Pw-7"

    func deployer(_ f: DeployFixture, _ interruption: DeployInterruption? = nil) -> Deployer {
        Deployer(client: f.client, interruption: interruption)
    }

    func instance(_ f: DeployFixture, _ name: String) throws -> Instance {
        try #require(try f.deployer.instances(namespace: "default").first { $0.name == name })
    }

    @Test func aDeployInterruptedAfterThreeOfFiveObjectsIsVisibleRefusedAgainAndDeletable() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let interrupted = #expect(throws: DeployInterrupted.self) {
            try deployer(f, .afterApplying(3)).deploy(
                template: try Self.store(), name: "kafka", values: ["ADMIN_PASSWORD": Self.password], namespace: "default",
                automatic: f.automatic, dryRun: false)
        }
        #expect(interrupted?.step == .applied("Service/kafka-headless", index: 2))
        #expect(f.exists("/api/v1/namespaces/default/secrets/kafka-auth"))
        #expect(!f.exists("/apis/apps/v1/namespaces/default/statefulsets/kafka"))

        // services shows it, with what exists of it.
        let pending = try instance(f, "kafka")
        #expect(pending.state == .pendingInstall)
        #expect(pending.revision == 1)
        let status = try f.deployer.status(of: pending)
        #expect(status.objectsText == "3/5")
        #expect(status.objects.filter(\.exists).map(\.object) == ["Secret/kafka-auth", "Service/kafka", "Service/kafka-headless"])
        #expect(status.summary == "pending-install at revision 1: 3/5 objects exist")
        #expect(status.json()["state"] == "pending-install")
        #expect(status.json().at("values", "ADMIN_PASSWORD") == "***")

        // A second deploy of the name says what to do, in one line.
        let again = #expect(throws: DeployError.self) {
            try f.deployer.deploy(
                template: try Self.store(), name: "kafka", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        }
        let line = again?.description ?? ""
        #expect(line.hasPrefix("instance 'kafka' is pending-install since "))
        #expect(line.hasSuffix("(an earlier deploy was interrupted): run 'marvdash delete kafka' or 'marvdash upgrade kafka'"))
        #expect(!line.contains("\n"))

        let removed = try f.deployer.delete(name: "kafka", namespace: "default")
        #expect(Set(removed) == ["Secret/kafka-auth", "Service/kafka", "Service/kafka-headless", "Secret/marvdash-kafka"])
        #expect(try f.deployer.instances(namespace: "default").isEmpty)
        #expect(!f.exists("/api/v1/namespaces/default/secrets/kafka-auth"))
    }

    @Test func anInterruptedDeployIsFinishedByUpgrade() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = #expect(throws: DeployInterrupted.self) {
            try deployer(f, .afterApplying(2)).deploy(
                template: try Self.store(), name: "db", values: ["ADMIN_PASSWORD": Self.password], namespace: "default",
                automatic: f.automatic, dryRun: false)
        }
        let done = try f.deployer.upgrade(name: "db", namespace: "default", set: [:], automatic: f.automatic, template: try Self.store())
        #expect(done.revision == 2)
        #expect(done.applied.count == 5)
        let rec = try #require(try f.deployer.record(name: "db", namespace: "default"))
        #expect(rec.state == .deployed)
        #expect(rec.history[1]?.state == .failed)
        #expect(rec.values["ADMIN_PASSWORD"] == Self.password)
        #expect(try f.deployer.status(of: rec.instance).objectsText == "5/5")
    }

    @Test func anUpgradeInterruptedMidwayKeepsBothRevisionsAndARerunRecovers() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let t = try DeployFixture.template()
        _ = try f.deployer.deploy(template: t, name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        // Revision 2 drops the ConfigMap and scales to 3; it stops after the Service.
        let lean = try DeployFixture.template(withConfig: false)
        _ = #expect(throws: DeployInterrupted.self) {
            try deployer(f, .afterApplying(1)).upgrade(name: "shop", namespace: "default", set: ["REPLICAS": "3"], automatic: f.automatic, template: lean)
        }
        let rec = try #require(try f.deployer.record(name: "shop", namespace: "default"))
        #expect(rec.state == .pendingUpgrade)
        #expect(rec.revision == 2)
        #expect(rec.history[1]?.state == .deployed)
        #expect(rec.history[2]?.values["REPLICAS"] == "3")
        #expect(f.exists("/api/v1/namespaces/default/configmaps/shop-config"))
        let status = try f.deployer.status(of: rec.instance)
        #expect(status.objects.contains(InstanceStatus.ObjectEntry(object: "ConfigMap/shop-config", exists: true, isLatest: false)))

        let again = #expect(throws: DeployError.self) {
            try f.deployer.deploy(template: t, name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        }
        #expect(again?.description.contains("is pending-upgrade since") == true)
        #expect(again?.description.contains("an earlier upgrade to revision 2 was interrupted") == true)

        let rerun = try f.deployer.upgrade(name: "shop", namespace: "default", set: [:], automatic: f.automatic, template: lean)
        #expect(rerun.revision == 3)
        #expect(rerun.pruned == ["ConfigMap/shop-config"])
        #expect(try f.client.get("/apis/apps/v1/namespaces/default/deployments/shop").at("spec", "replicas")?.intValue == 3)
        let after = try #require(try f.deployer.record(name: "shop", namespace: "default"))
        #expect(after.state == .deployed)
        #expect([1, 2, 3].map { after.history[$0]?.state } == [.superseded, .failed, .deployed])
    }

    @Test func anUpgradeInterruptedMidwayIsUndoneByRollback() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(withConfig: false), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        _ = #expect(throws: DeployInterrupted.self) {
            try deployer(f, .afterApplying(1)).upgrade(
                name: "shop", namespace: "default", set: ["REPLICAS": "4"], automatic: f.automatic, template: try DeployFixture.template())
        }
        #expect(f.exists("/api/v1/namespaces/default/configmaps/shop-config"))
        let back = try f.deployer.rollback(name: "shop", namespace: "default", revision: nil)
        #expect(back.revision == 3)
        #expect(back.pruned == ["ConfigMap/shop-config"])
        let rec = try #require(try f.deployer.record(name: "shop", namespace: "default"))
        #expect(rec.state == .deployed)
        #expect(rec.values["REPLICAS"] == "2")
        #expect(rec.history[2]?.state == .failed)
        #expect(try f.client.get("/apis/apps/v1/namespaces/default/deployments/shop").at("spec", "replicas")?.intValue == 2)
    }

    @Test func aRefusedUpgradeLeavesTheRevisionFailedAndVisible() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        // Revision 2 adds a Job the API server refuses (one of that name with another template exists).
        let broken = try DeployFixture.brokenTemplate(id: "web")
        try f.plantJob(instance: "shop")
        let error = #expect(throws: DeployError.self) {
            try f.deployer.upgrade(name: "shop", namespace: "default", set: [:], automatic: f.automatic, template: broken)
        }
        #expect(error?.description.hasPrefix("applying Job/shop-batch failed: ") == true, "\(error?.description ?? "")")
        let rec = try #require(try f.deployer.record(name: "shop", namespace: "default"))
        #expect(rec.state == .failed)
        #expect(rec.deployedRevision == 1)
        #expect(try f.deployer.status(of: rec.instance).summary.hasPrefix("failed at revision 2: "))
    }

    @Test func anInterruptedDeleteIsPendingAndARerunFinishesIt() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try DeployFixture.template(), name: "shop", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let stopAfterOne = DeployInterruption { step in if case .deleted = step { return true } else { return false } }
        _ = #expect(throws: DeployInterrupted.self) { try deployer(f, stopAfterOne).delete(name: "shop", namespace: "default") }
        #expect(try instance(f, "shop").state == .pendingDelete)
        let refused = #expect(throws: DeployError.self) {
            try f.deployer.upgrade(name: "shop", namespace: "default", set: [:], automatic: f.automatic, template: try DeployFixture.template())
        }
        #expect(refused?.description.contains("an earlier delete was interrupted): run 'marvdash delete shop' to finish it") == true)
        let removed = try f.deployer.delete(name: "shop", namespace: "default")
        #expect(removed.last == "Secret/marvdash-shop")
        #expect(try f.deployer.instances(namespace: "default").isEmpty)
    }

    @Test func objectsWithoutARecordAreListedAndDeleted() throws {
        let f = try DeployFixture()
        defer { f.close() }
        // What an older marvdash left when killed before writing its record (it wrote it last).
        let labels: JSONValue = ["app.kubernetes.io/managed-by": "marvdash", "marvdash.io/instance": "left", "marvdash.io/template": "store"]
        for (path, object) in [
            ("/api/v1/namespaces/default/secrets", JSONValue.object(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "left-auth", "labels": labels], "data": ["password": "cHc="]])),
            ("/api/v1/namespaces/default/services", JSONValue.object(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "left", "labels": labels], "spec": ["ports": [["port": 5432]]]])),
        ] {
            _ = try f.client.send(.post, path, headers: [(name: "Content-Type", value: "application/json")], body: object.jsonBytes())
        }
        let orphan = try instance(f, "left")
        #expect(orphan.state == .orphaned)
        #expect(orphan.templateID == "store")
        #expect(Set(orphan.objectNames) == ["Secret/left-auth", "Service/left"])
        let status = try f.deployer.status(of: orphan)
        #expect(status.summary.hasPrefix("no record: 2 objects"))
        let removed = try f.deployer.delete(name: "left", namespace: "default")
        #expect(Set(removed) == ["Secret/left-auth", "Service/left"])
        #expect(try f.deployer.instances(namespace: "default").isEmpty)
    }

    /// A record as marvdash 0.x wrote it: a ConfigMap with the values (secrets in clear) and the manifests.
    static func writeLegacyRecord(_ f: DeployFixture, name: String) throws {
        let deployed = try f.deployer.deploy(
            template: try Self.store(), name: name, values: ["ADMIN_PASSWORD": Self.password], namespace: "default", automatic: f.automatic, dryRun: false)
        let rec = try #require(try f.deployer.record(name: name, namespace: "default"))
        _ = try f.client.send(.delete, "/api/v1/namespaces/default/secrets/marvdash-\(name)")
        let values = JSONValue.object(JSONObject(rec.values.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) })).jsonString()
        let cm: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": .string("marvdash-\(name)"),
                "labels": ["app.kubernetes.io/managed-by": "marvdash", "marvdash.io/instance": .string(name), "marvdash.io/template": "store", "marvdash.io/record": "true"],
            ],
            "data": [
                "template": "store", "revision": "1", "values": .string(values), "placement": "null", "values-1.json": .string(values),
                "manifests-1.yaml": .string(YAML.emit(documents: rec.manifests)), "template.yaml": .string(rec.templateSource ?? ""),
            ],
        ]
        _ = try f.client.send(.post, "/api/v1/namespaces/default/configmaps", headers: [(name: "Content-Type", value: "application/json")], body: cm.jsonBytes())
        #expect(deployed.applied.count == 5)
    }

    @Test(arguments: ["upgrade", "rollback", "delete"])
    func aLegacyConfigMapRecordIsReadAndMigratedOnTheNextWrite(action: String) throws {
        let f = try DeployFixture()
        defer { f.close() }
        try Self.writeLegacyRecord(f, name: "old")
        let listed = try instance(f, "old")
        #expect(listed.state == .deployed)
        #expect(listed.maskedValues["ADMIN_PASSWORD"] == "***")
        #expect(try f.deployer.record(name: "old", namespace: "default")?.storage == .legacyConfigMap)
        switch action {
        case "upgrade":
            let up = try f.deployer.upgrade(name: "old", namespace: "default", set: ["ADMINS": "2"], automatic: f.automatic, template: try Self.store())
            #expect(up.revision == 2)
            let rec = try #require(try f.deployer.record(name: "old", namespace: "default"))
            #expect(rec.storage == .secret)
            #expect(rec.values["ADMIN_PASSWORD"] == Self.password)
            #expect(rec.history[1]?.state == .superseded)
        case "rollback":
            _ = try f.deployer.upgrade(name: "old", namespace: "default", set: ["ADMINS": "2"], automatic: f.automatic, template: try Self.store())
            let back = try f.deployer.rollback(name: "old", namespace: "default", revision: 1)
            #expect(back.revision == 3)
            #expect(try f.deployer.record(name: "old", namespace: "default")?.storage == .secret)
        default:
            let removed = try f.deployer.delete(name: "old", namespace: "default")
            #expect(removed.contains("StatefulSet/old"))
            // Marked pending-delete first, the record became a Secret (the ConfigMap went then); it goes last.
            #expect(removed.last == "Secret/marvdash-old")
            #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-old"))
        }
        // The ConfigMap that held the password in clear is gone.
        #expect(!f.exists("/api/v1/namespaces/default/configmaps/marvdash-old"))
        let configMaps = try f.client.list("/api/v1/namespaces/default/configmaps")
        #expect(!configMaps.items.contains { $0.jsonString().contains(Self.password) })
    }
}
