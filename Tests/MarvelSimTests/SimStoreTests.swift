import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

@Suite struct SimStoreTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    func pod(_ ns: String, _ name: String) -> JSONValue {
        ["kind": "Pod", "apiVersion": "v1", "metadata": ["name": .string(name), "namespace": .string(ns)]]
    }

    @Test func createSetsUIDVersionAndTimestamp() throws {
        let fixed = now
        let store = ClusterStore(clock: { fixed })
        let a = try store.create("pods", pod("default", "a"))
        let b = try store.create("pods", pod("default", "b"))
        #expect(a.at("metadata", "resourceVersion") == "1")
        #expect(b.at("metadata", "resourceVersion") == "2")
        #expect(a.at("metadata", "creationTimestamp") == "2023-11-14T22:13:20Z")
        let uidA = try #require(a.at("metadata", "uid")?.stringValue)
        #expect(uidA.count == 36)
        #expect(uidA != b.at("metadata", "uid")?.stringValue)
        #expect(store.resourceVersion == 2)
        #expect(store.get("pods", namespace: "default", name: "a") == a)
    }

    @Test func listIsInKeyOrderAndFiltersByNamespace() throws {
        let store = ClusterStore()
        for (ns, n) in [("kube-system", "z"), ("default", "b"), ("default", "a"), ("marvel", "m")] {
            try store.create("pods", pod(ns, n))
        }
        let all = store.list("pods")
        #expect(
            all.items.map { ObjectKey(of: $0).description } == ["default/a", "default/b", "kube-system/z", "marvel/m"])
        #expect(all.resourceVersion == 4)
        #expect(store.list("pods", namespace: "default").items.map(\.name) == ["a", "b"])
        #expect(store.list("nodes").items.isEmpty)
    }

    @Test func duplicateCreateIsAlreadyExists() throws {
        let store = ClusterStore()
        try store.create("pods", pod("default", "a"))
        #expect(throws: StoreError.alreadyExists(resource: "pods", key: ObjectKey(namespace: "default", name: "a"))) {
            try store.create("pods", pod("default", "a"))
        }
    }

    @Test func missingNameIsInvalidAndGenerateNameFillsIt() throws {
        let store = ClusterStore()
        #expect(throws: StoreError.self) { try store.create("pods", ["metadata": ["namespace": "default"]]) }
        let made = try store.create("pods", ["metadata": ["namespace": "default", "generateName": "web-"]])
        #expect(made.name.hasPrefix("web-"))
        #expect(made.name.count == "web-".count + 5)
    }

    @Test func updateChecksResourceVersionAndKeepsIdentity() throws {
        let store = ClusterStore()
        let created = try store.create("pods", pod("default", "a"))
        var changed = created
        changed["spec"] = ["nodeName": "n1"]
        changed["metadata"]?["uid"] = "forged"
        let updated = try store.update("pods", changed)
        #expect(updated.at("metadata", "resourceVersion") == "2")
        #expect(updated.at("metadata", "uid") == created.at("metadata", "uid"))
        #expect(updated.at("spec", "nodeName") == "n1")
        // Writing again with the stale version 1 is a conflict.
        #expect(throws: StoreError.self) { try store.update("pods", changed) }
        let err = StoreError.conflict(
            resource: "pods", key: ObjectKey(namespace: "default", name: "a"), expected: "1", current: "2")
        #expect(err.description.contains("pods \"a\""))
    }

    @Test func modifyAndDeleteRecordEvents() throws {
        let store = ClusterStore()
        try store.create("nodes", ["metadata": ["name": "n1"]])
        try store.modify("nodes", name: "n1") { $0["spec"] = ["unschedulable": true] }
        let deleted = try store.delete("nodes", name: "n1")
        #expect(deleted.at("metadata", "resourceVersion") == "3")
        #expect(store.get("nodes", name: "n1") == nil)
        let events = try #require(store.events(after: 0))
        #expect(events.map(\.type) == [.added, .modified, .deleted])
        #expect(events.map(\.resourceVersion) == [1, 2, 3])
        #expect(store.events(after: 2)?.count == 1)
        #expect(throws: StoreError.notFound(resource: "nodes", key: ObjectKey(name: "n1"))) {
            try store.delete("nodes", name: "n1")
        }
    }

    @Test func historyTooOldAsksForRelist() throws {
        let store = ClusterStore(historyLimit: 2)
        for i in 0..<6 { try store.create("nodes", ["metadata": ["name": .string("n\(i)")]]) }
        #expect(store.events(after: 0) == nil)
        let recent = try #require(store.events(after: 5))
        #expect(recent.map(\.resourceVersion) == [6])
    }

    @Test func timestampsRoundTrip() throws {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        let d = try #require(Timestamp.parse("2026-11-29T10:35:06Z"))
        #expect(Timestamp.format(d) == "2026-11-29T10:35:06Z")
        #expect(Timestamp.parse("2026-11-29T12:35:06+02:00") == d)
        #expect(Timestamp.parse("2026-11-29 10:35") == nil)
    }
}
