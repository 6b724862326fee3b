import Foundation
import MarvelCore
import Testing

/// The instance record Secret: revisions kept, round trip through gzip + base64,
/// states, legacy ConfigMap records, damage named.
@Suite struct DeployRecordTests {
    static func configMap(_ n: Int) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("c\(n)")]]
    }

    @Test func keepsTheLastTenRevisionsAndRoundTripsThroughTheSecret() throws {
        var rec = InstanceRecord(name: "shop", namespace: "ns1", templateID: "web")
        rec.secretNames = ["PASSWORD"]
        for n in 1...12 {
            rec.append(values: ["N": String(n), "PASSWORD": "pw-\(n)"], manifests: [Self.configMap(n)])
        }
        #expect(rec.revision == 12)
        #expect(rec.history.keys.sorted() == Array(3...12))
        let secret = rec.secret()
        #expect(secret["kind"] == "Secret")
        #expect(secret["type"] == "marvdash.io/instance.v1")
        #expect(secret.at("metadata", "name")?.stringValue == "marvdash-shop")
        #expect(secret.at("metadata", "labels", "marvdash.io/record")?.stringValue == "true")
        #expect(secret.at("metadata", "labels", "marvdash.io/state")?.stringValue == "deployed")
        #expect(secret.at("metadata", "labels", "marvdash.io/revision")?.stringValue == "12")
        // Only base64 of gzip in data: the values are not readable in the object as stored.
        let encoded = try #require(secret.at("data", "record")?.stringValue)
        #expect(!secret.jsonString().contains("pw-12"))
        let bytes = try #require(Data(base64Encoded: encoded))
        #expect(Array(bytes.prefix(2)) == [0x1f, 0x8b])
        let back = try InstanceRecord(secret: secret)
        #expect(back.revision == 12)
        #expect(back.templateID == "web")
        #expect(back.values == ["N": "12", "PASSWORD": "pw-12"])
        #expect(back.history[3]?.values["N"] == "3")
        #expect(back.history[11]?.state == .superseded)
        #expect(back.state == .deployed)
        #expect(back.manifests.first?.at("metadata", "name")?.stringValue == "c12")
        #expect(back.instance.revisions == Array(3...12))
        #expect(back.secretNames == ["PASSWORD"])
        #expect(back.storage == .secret)
    }

    @Test func statesMoveAsAnActionProgresses() {
        var rec = InstanceRecord(name: "shop", namespace: "ns1", templateID: "web")
        rec.append(values: [:], manifests: [Self.configMap(1)], state: .pendingInstall)
        #expect(rec.state == .pendingInstall)
        #expect(rec.deployedRevision == nil)
        rec.setState(.deployed)
        rec.append(values: [:], manifests: [Self.configMap(2)], state: .pendingUpgrade)
        #expect(rec.state == .pendingUpgrade)
        #expect(rec.deployedRevision == 1)
        // Both revisions' objects may exist while the upgrade is unfinished.
        #expect(rec.liveManifests.map { $0.at("metadata", "name")?.stringValue } == ["c2", "c1"])
        #expect(rec.rollbackTarget == 1)
        rec.setState(.deployed)
        #expect(rec.history[1]?.state == .superseded)
        #expect(rec.liveManifests.count == 1)
        rec.append(values: [:], manifests: [Self.configMap(3)], state: .pendingUpgrade)
        rec.failUnfinished()
        #expect(rec.state == .failed)
        #expect(rec.rollbackTarget == 2)
        #expect(rec.instance.state == .failed)
        #expect(rec.instance.priorManifests.map { $0.at("metadata", "name")?.stringValue } == ["c2"])
    }

    @Test func aRecordTooLargeForASecretDropsItsOldestRevisions() throws {
        var rec = InstanceRecord(name: "big", namespace: "ns", templateID: "web")
        var seed: UInt64 = 42
        for n in 1...8 {
            // Random hex digits (about 4 bits each once compressed): 256 KiB per revision, 2 MiB in all.
            var text = ""
            for _ in 0..<(256 << 10) / 16 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                text += String(seed, radix: 16)
            }
            rec.append(values: ["BLOB": text], manifests: [Self.configMap(n)])
        }
        let secret = rec.secret()
        // Kubernetes limits a Secret's data to 1 MiB (decoded).
        let encoded = try #require(secret.at("data", "record")?.stringValue)
        #expect(try #require(Data(base64Encoded: encoded)).count < 1 << 20)
        let back = try InstanceRecord(secret: secret)
        #expect(back.revision == 8)
        #expect(back.history.keys.sorted().last == 8)
        #expect(back.history.count < 8)
    }

    @Test func aDamagedRecordNamesTheField() throws {
        let notGzip: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "type": "marvdash.io/instance.v1",
            "metadata": ["name": "marvdash-x", "namespace": "ns", "labels": ["marvdash.io/instance": "x"]],
            "data": ["record": .string(Data("not gzip at all".utf8).base64EncodedString())],
        ]
        let error = #expect(throws: DeployError.self) { try InstanceRecord(secret: notGzip) }
        #expect(error?.description.hasPrefix("the record marvdash-x in namespace ns is damaged (field data.record (") == true)
        #expect(error?.description.hasSuffix("delete the instance and deploy it again") == true)

        let cm: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "marvdash-x", "namespace": "ns", "labels": ["marvdash.io/instance": "x"]],
            "data": ["template": "web", "revision": "two"],
        ]
        let legacy = #expect(throws: DeployError.self) { try InstanceRecord(configMap: cm) }
        #expect(legacy?.description == "the record marvdash-x in namespace ns is damaged (field data.revision); delete the instance and deploy it again")
    }

    @Test func aLegacyConfigMapRecordReadsAsDeployedRevisions() throws {
        let cm: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "marvdash-shop", "namespace": "ns", "labels": ["marvdash.io/instance": "shop", "marvdash.io/record": "true"]],
            "data": [
                "template": "web", "revision": "2", "values": #"{"NAME":"shop","PASSWORD":"old-secret"}"#, "placement": "null",
                "values-1.json": #"{"NAME":"shop"}"#, "manifests-1.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1\n",
                "values-2.json": #"{"NAME":"shop","PASSWORD":"old-secret"}"#, "manifests-2.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c2\n",
            ],
        ]
        let rec = try InstanceRecord(configMap: cm)
        #expect(rec.storage == .legacyConfigMap)
        #expect(rec.state == .deployed)
        #expect(rec.history[1]?.state == .superseded)
        #expect(rec.instance.secretNames == ["PASSWORD"])
        #expect(rec.instance.maskedValues["PASSWORD"] == "***")
    }
}
