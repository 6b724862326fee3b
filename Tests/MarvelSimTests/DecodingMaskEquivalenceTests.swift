import Foundation
@testable import MarvelCore
import Testing

@testable import MarvelSim

/// Parsed keeping only what the Pod and Node decoders read (`DecodingMasks`), or read
/// straight from a list page's bytes as the cache reads them (`ListItemReader.pods`,
/// `.nodes`), every pod and node decodes to the very same value as from the full object.
@Suite struct DecodingMaskEquivalenceTests {
    /// A page of `items` as the API server writes it, as bytes.
    static func page(_ items: [JSONValue]) -> [UInt8] {
        let list: JSONValue = [
            "kind": "PodList", "apiVersion": "v1", "metadata": ["resourceVersion": "42", "continue": "abc"],
            "items": .array(items),
        ]
        return list.jsonBytes()
    }

    static func expectSamePods(_ items: [JSONValue]) throws {
        let bytes = page(items)
        let full = try JSONValue.parse(bytes)
        let masked = try JSONValue.parse(bytes, keeping: DecodingMasks.listPage(of: DecodingMasks.pod))
        #expect(masked["metadata"] == full["metadata"])
        let fullItems = try #require(full["items"]?.arrayValue)
        let maskedItems = try #require(masked["items"]?.arrayValue)
        #expect(fullItems.count == maskedItems.count)
        // As the cache decodes a page: masked, with one interner for the page.
        let interner = ValueInterner()
        for (a, b) in zip(fullItems, maskedItems) {
            #expect(try Pod(json: a) == Pod(json: b), "\(a.at("metadata", "name")?.stringValue ?? "?")")
            #expect(try Pod(json: a) == Pod(json: b, sharing: interner), "\(a.at("metadata", "name")?.stringValue ?? "?") interned")
        }
        #expect(maskedItems.count < 2 || masked.jsonBytes().count < bytes.count, "the mask leaves fields out")
        let direct = try ListPageScan.scan(bytes, reader: .pods)
        #expect(direct.failure == nil)
        #expect(try direct.items.map(\.1) == fullItems.map { try Pod(json: $0) }, "read straight from the bytes")
    }

    @Test func syntheticPodsAndNodesDecodeTheSame() throws {
        let store = ClusterStore()
        try SyntheticTopology(nodes: 60, pods: 600).seed(into: store)
        try Self.expectSamePods(store.list("pods").items)
        let nodes = store.list("nodes").items
        let bytes = Self.page(nodes)
        let masked = try JSONValue.parse(bytes, keeping: DecodingMasks.listPage(of: DecodingMasks.node))
        let interner = ValueInterner()
        for (a, b) in zip(nodes, masked["items"]?.arrayValue ?? []) {
            #expect(try Node(json: a) == Node(json: b))
            #expect(try Node(json: a) == Node(json: b, sharing: interner))
        }
        #expect(masked["items"]?.arrayValue?.count == nodes.count)
        let direct = try ListPageScan.scan(bytes, reader: .nodes)
        #expect(direct.failure == nil)
        #expect(try direct.items.map(\.1) == nodes.map { try Node(json: $0) }, "read straight from the bytes")
    }

    @Test func podsInEveryStateDecodeTheSame() throws {
        let pods: [JSONValue] = [
            // Init containers, a sidecar, overhead, integer quantities, a waiting container.
            [
                "metadata": [
                    "name": "train-0", "namespace": "marvel", "uid": "u1", "labels": ["app": "dynhp"],
                    "annotations": ["a": "b"], "creationTimestamp": "2026-01-01T00:00:00Z",
                    "ownerReferences": [["kind": "Job", "name": "train", "controller": true]],
                    "managedFields": [["manager": "kubectl", "fieldsV1": ["f:spec": [:]]]],
                ],
                "spec": [
                    "nodeName": "edge-1", "overhead": ["cpu": "10m"],
                    "initContainers": [
                        ["name": "fetch", "image": "busybox", "resources": ["requests": ["cpu": 1, "memory": "64Mi"]]],
                        ["name": "proxy", "image": "envoy", "restartPolicy": "Always", "resources": ["limits": ["cpu": "200m"]]],
                    ],
                    "containers": [
                        ["name": "train", "image": "marvel/dynhp", "env": [["name": "X", "value": "1"]],
                         "resources": ["requests": ["nvidia.com/gpu": "1"], "limits": ["memory": "1Gi"]]],
                    ],
                    "volumes": [["name": "data", "persistentVolumeClaim": ["claimName": "data"]]],
                    "tolerations": [["operator": "Exists"]],
                ],
                "status": [
                    "phase": "Pending", "hostIP": "10.0.0.1", "qosClass": "Burstable",
                    "initContainerStatuses": [
                        ["name": "fetch", "ready": false, "restartCount": 2,
                         "state": ["waiting": ["reason": "CrashLoopBackOff"]]],
                    ],
                    "containerStatuses": [["name": "train", "ready": false, "restartCount": 0,
                                           "state": ["waiting": ["reason": "PodInitializing"]]]],
                    "conditions": [["type": "Ready", "status": "False"]],
                ],
            ],
            // Terminating, evicted, completed.
            [
                "metadata": ["name": "old", "namespace": "default", "deletionTimestamp": "2026-01-01T00:00:05.5+02:00"],
                "spec": ["containers": [["name": "c"]]],
                "status": ["phase": "Running", "podIP": "10.1.0.9",
                           "containerStatuses": [["name": "c", "ready": true, "restartCount": 1, "state": ["running": [:]]]]],
            ],
            ["metadata": ["name": "evicted", "namespace": "default"], "spec": ["containers": []],
             "status": ["phase": "Failed", "reason": "Evicted"]],
            ["metadata": ["name": "done", "namespace": "default"], "spec": ["containers": [["name": "c"]]],
             "status": ["phase": "Succeeded", "containerStatuses": [
                ["name": "c", "state": ["terminated": ["reason": "Completed", "exitCode": 0]]]]]],
            ["metadata": ["name": "bare"]],
        ]
        try Self.expectSamePods(pods)
    }

    @Test func anInvalidQuantityFailsTheSameWay() throws {
        let pod: JSONValue = ["metadata": ["name": "bad", "namespace": "x"],
                              "spec": ["containers": [["name": "c", "resources": ["requests": ["cpu": "lots"]]]]]]
        let masked = try JSONValue.parse(pod.jsonBytes(), keeping: DecodingMasks.pod)
        #expect(throws: KubeDecodingError.self) { try Pod(json: masked) }
        var thrown: KubeDecodingError?
        do { _ = try Pod(json: pod) } catch { thrown = error }
        #expect(thrown?.field == "spec.containers[0].resources.requests.cpu")
        let direct = try ListPageScan.scan(Self.page([pod]), reader: .pods)
        #expect(direct.failure == thrown, "read straight from the bytes, the same field fails")
    }
}
