import MarvelCore
import Testing

/// The instance record ConfigMap: revisions kept, round trip, damage named.
@Suite struct DeployRecordTests {
    @Test func keepsTheLastTenRevisionsAndRoundTrips() throws {
        var rec = InstanceRecord(name: "shop", namespace: "ns1", templateID: "web")
        for n in 1...12 {
            rec.append(values: ["N": String(n)], manifests: [["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string("c\(n)")]]])
        }
        #expect(rec.revision == 12)
        #expect(rec.history.keys.sorted() == Array(3...12))
        let cm = rec.configMap()
        #expect(cm.at("metadata", "name")?.stringValue == "marvdash-shop")
        #expect(cm.at("metadata", "labels", "marvdash.io/record")?.stringValue == "true")
        let back = try InstanceRecord(configMap: cm)
        #expect(back.revision == 12)
        #expect(back.templateID == "web")
        #expect(back.values == ["N": "12"])
        #expect(back.history[3]?.values == ["N": "3"])
        #expect(back.manifests.first?.at("metadata", "name")?.stringValue == "c12")
        #expect(back.instance.revisions == Array(3...12))
    }

    @Test func aDamagedRecordNamesTheField() throws {
        let cm: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "marvdash-x", "namespace": "ns", "labels": ["marvdash.io/instance": "x"]],
            "data": ["template": "web", "revision": "two"],
        ]
        let error = #expect(throws: DeployError.self) { try InstanceRecord(configMap: cm) }
        #expect(error?.description == "the record marvdash-x in namespace ns is damaged (field data.revision); delete the instance and deploy it again")
    }
}
