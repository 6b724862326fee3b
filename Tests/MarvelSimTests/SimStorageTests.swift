import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// Claims, volumes and the default local storage class: a claim binds when
/// its first pod is scheduled, on that pod's node, and keeps later pods there.
@Suite struct SimStorageTests {
    let fixture: SimFixture
    let ticker: Ticker
    init() throws {
        fixture = try SimFixture()
        ticker = Ticker(Reconciler(store: fixture.store))
    }

    static let claimYAML = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 2Gi}}
        """

    func user(_ name: String, extraSpec: String = "") -> String {
        deploymentYAML(
            name, replicas: 1,
            extraSpec: """
                      nodeSelector: {marvdash.io/layer: fog}
                      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                \(extraSpec)
                """)
    }

    func claim() -> JSONValue? { fixture.store.get("persistentvolumeclaims", namespace: "marvel", name: "data") }

    func node(of prefix: String) -> String? {
        fixture.pods("marvel", prefix: prefix).first?.at("spec", "nodeName")?.stringValue
    }

    @Test func theDefaultClassIsLocalAndWaitsForTheFirstConsumer() throws {
        let classes = fixture.store.list("storageclasses").items
        #expect(classes.count == 1)
        let sc = try #require(classes.first)
        #expect(sc.at("metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true")
        #expect(sc["volumeBindingMode"] == "WaitForFirstConsumer")
        #expect(try fixture.apply("/api/v1/namespaces/marvel/persistentvolumeclaims/data", Self.claimYAML).status == 201)
        for _ in 0..<3 { ticker.tick() }
        #expect(claim()?.at("spec", "storageClassName") == "local-path")
        #expect(claim()?.at("status", "phase") == "Pending")
        #expect(fixture.store.count("persistentvolumes") == 0)
        let events = fixture.store.list("events", namespace: "marvel").items
        #expect(events.contains { $0["reason"] == "WaitForFirstConsumer" })
        // The controller says so once, then the cluster settles.
        let settled = fixture.store.resourceVersion
        for _ in 0..<3 { ticker.tick() }
        #expect(fixture.store.resourceVersion == settled)
    }

    @Test func aClaimBindsOnFirstUseAndKeepsLaterPodsOnItsNode() throws {
        #expect(try fixture.apply("/api/v1/namespaces/marvel/persistentvolumeclaims/data", Self.claimYAML).status == 201)
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/first", user("first")).status == 201)
        #expect(ticker.run { claim()?.at("status", "phase") == "Bound" && node(of: "first-") != nil })
        let first = try #require(node(of: "first-"))
        let volumeName = try #require(claim()?.at("spec", "volumeName")?.stringValue)
        let volume = try #require(fixture.store.get("persistentvolumes", name: volumeName))
        #expect(volume.at("spec", "claimRef", "name") == "data")
        #expect(volume.at("status", "phase") == "Bound")
        #expect(volume.at("spec", "capacity", "storage") == "2Gi")
        let term = volume.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]
        #expect(term?["key"] == "kubernetes.io/hostname" && term?["values"] == [.string(first)])
        #expect(claim()?.at("metadata", "annotations", "volume.kubernetes.io/selected-node") == .string(first))
        #expect(claim()?.at("status", "capacity", "storage") == "2Gi")

        // A second workload of that claim goes to the same node, though spreading would put it elsewhere.
        for i in 0..<3 {
            let path = "/apis/apps/v1/namespaces/marvel/deployments/later\(i)"
            #expect(try fixture.apply(path, user("later\(i)")).status == 201)
            #expect(ticker.run { node(of: "later\(i)-") != nil })
            #expect(node(of: "later\(i)-") == first)
        }

        // A pod of the claim that must run elsewhere is told why it cannot.
        let elsewhere = ["grnfog1", "mtfog1", "unsfog1"].first { $0 != first } ?? ""
        let yaml = user("stuck").replacingOccurrences(
            of: "nodeSelector: {marvdash.io/layer: fog}", with: "nodeSelector: {kubernetes.io/hostname: \(elsewhere)}")
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/stuck", yaml).status == 201)
        ticker.tick()
        ticker.tick()
        let stuck = try #require(fixture.pods("marvel", prefix: "stuck-").first)
        #expect(stuck.at("spec", "nodeName") == nil)
        let message = stuck.at("status", "conditions")?[0]?["message"]?.stringValue ?? ""
        #expect(message.contains("1 node(s) had volume node affinity conflict"), "\(message)")
        #expect(message.hasPrefix("0/11 nodes are available: "), "\(message)")
    }

    @Test func aDeletedClaimTakesItsProvisionedVolumeWithIt() throws {
        #expect(try fixture.apply("/api/v1/namespaces/marvel/persistentvolumeclaims/data", Self.claimYAML).status == 201)
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/first", user("first")).status == 201)
        #expect(ticker.run { claim()?.at("status", "phase") == "Bound" })
        #expect(fixture.store.count("persistentvolumes") == 1)
        #expect(try fixture.send("DELETE", "/api/v1/namespaces/marvel/persistentvolumeclaims/data").status == 200)
        #expect(ticker.run { fixture.store.count("persistentvolumes") == 0 })
    }

    @Test func aMissingClaimKeepsItsPodPendingWithTheSchedulersWords() throws {
        #expect(try fixture.apply("/apis/apps/v1/namespaces/marvel/deployments/orphan", user("orphan")).status == 201)
        ticker.tick()
        ticker.tick()
        let pod = try #require(fixture.pods("marvel", prefix: "orphan-").first)
        #expect(pod.at("spec", "nodeName") == nil)
        #expect(pod.at("status", "conditions")?[0]?["message"] == "0/11 nodes are available: persistentvolumeclaim \"data\" not found.")
    }

    @Test func anImmediateClassBindsWithoutAPod() throws {
        let sc = """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: shared}
            provisioner: marvdash.io/local-path
            volumeBindingMode: Immediate
            reclaimPolicy: Retain
            """
        #expect(try fixture.apply("/apis/storage.k8s.io/v1/storageclasses/shared", sc).status == 201)
        let yaml = Self.claimYAML.replacingOccurrences(of: "spec:\n", with: "spec:\n  storageClassName: shared\n")
        #expect(try fixture.apply("/api/v1/namespaces/marvel/persistentvolumeclaims/data", yaml).status == 201)
        #expect(ticker.run { claim()?.at("status", "phase") == "Bound" })
        let volume = try #require(fixture.store.list("persistentvolumes").items.first)
        #expect(volume.at("spec", "nodeAffinity") == nil)
        #expect(volume.at("spec", "persistentVolumeReclaimPolicy") == "Retain")
        #expect(try fixture.send("DELETE", "/api/v1/namespaces/marvel/persistentvolumeclaims/data").status == 200)
        #expect(ticker.run { fixture.store.list("persistentvolumes").items.first?.at("status", "phase") == "Released" })
    }

    @Test func aClaimBindsToAFittingStaticVolume() throws {
        let pv = """
            apiVersion: v1
            kind: PersistentVolume
            metadata: {name: nfs-small}
            spec:
              capacity: {storage: 5Gi}
              accessModes: [ReadWriteMany]
              storageClassName: ""
              nfs: {server: 10.10.0.50, path: /exports/marvel}
            """
        #expect(try fixture.apply("/api/v1/persistentvolumes/nfs-small", pv).status == 201)
        #expect(ticker.run { fixture.store.get("persistentvolumes", name: "nfs-small")?.at("status", "phase") == "Available" })
        let yaml = Self.claimYAML
            .replacingOccurrences(of: "accessModes: [ReadWriteOnce]", with: "accessModes: [ReadWriteMany]")
            .replacingOccurrences(of: "spec:\n", with: "spec:\n  storageClassName: \"\"\n")
        #expect(try fixture.apply("/api/v1/namespaces/marvel/persistentvolumeclaims/data", yaml).status == 201)
        #expect(ticker.run { claim()?.at("status", "phase") == "Bound" })
        #expect(claim()?.at("spec", "volumeName") == "nfs-small")
        #expect(claim()?.at("status", "capacity", "storage") == "5Gi")
        #expect(fixture.store.get("persistentvolumes", name: "nfs-small")?.at("spec", "claimRef", "name") == "data")
    }
}
