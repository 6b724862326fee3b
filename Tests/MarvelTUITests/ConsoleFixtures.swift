import Foundation
import MarvelCore
import MarvelTUI

/// A small MARVEL-like cluster decoded from API-shaped JSON: two cloud nodes
/// (one with GPUs, one tainted), one fog node, two edge nodes (one labelled the
/// seed's way and NotReady with a taint), and one node with no layer label.
enum ConsoleFixtures {
    static func nodeJSON(_ name: String, labels: [String: String], arch: String = "amd64", cpu: String, memory: String,
                         gpu: Int = 0, ready: Bool = true, taints: [(String, String, String)] = []) -> JSONValue {
        var labelObject = JSONObject()
        for (k, v) in labels.sorted(by: { $0.key < $1.key }) { labelObject[k] = .string(v) }
        labelObject["kubernetes.io/arch"] = .string(arch)
        var resources: JSONObject = ["cpu": .string(cpu), "memory": .string(memory), "pods": "110"]
        if gpu > 0 { resources["nvidia.com/gpu"] = .string(String(gpu)) }
        let taintArray: [JSONValue] = taints.map { ["key": .string($0.0), "value": .string($0.1), "effect": .string($0.2)] }
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "labels": .object(labelObject)],
            "spec": ["taints": .array(taintArray)],
            "status": [
                "capacity": .object(resources), "allocatable": .object(resources),
                "conditions": [
                    ["type": "MemoryPressure", "status": "False", "reason": "KubeletHasSufficientMemory",
                     "message": "kubelet has sufficient memory available"],
                    ["type": "Ready", "status": ready ? "True" : "False",
                     "reason": ready ? "KubeletReady" : "KubeletNotReady",
                     "message": ready ? "kubelet is posting ready status" : "container runtime network not ready"],
                ],
                "addresses": [["type": "InternalIP", "address": "10.0.0.7"]],
                "nodeInfo": ["architecture": .string(arch), "operatingSystem": "linux", "kubeletVersion": "v1.30.2"],
            ],
        ]
    }

    static func podJSON(_ namespace: String, _ name: String, node: String, cpu: String, memory: String, gpu: Int = 0,
                        phase: String = "Running") -> JSONValue {
        var requests: JSONObject = ["cpu": .string(cpu), "memory": .string(memory)]
        if gpu > 0 { requests["nvidia.com/gpu"] = .string(String(gpu)) }
        let running = phase == "Running"
        return [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": ["nodeName": .string(node),
                     "containers": [["name": "main", "image": "registry.local/app:1", "resources": ["requests": .object(requests)]]]],
            "status": [
                "phase": .string(phase),
                "containerStatuses": [[
                    "name": "main", "ready": .bool(running), "restartCount": 0,
                    "state": running ? ["running": ["startedAt": "2026-11-29T10:00:00Z"]]
                        : ["terminated": ["exitCode": 0, "reason": "Completed"]],
                ]],
            ],
        ]
    }

    static func snapshot() throws -> ClusterSnapshot {
        let nodes = try [
            nodeJSON("cloud-1", labels: ["marvdash.io/layer": "cloud", "marvdash.io/site": "athens"], cpu: "16", memory: "64Gi", gpu: 2),
            nodeJSON("cloud-2", labels: ["marvdash.io/layer": "cloud", "marvdash.io/site": "athens"], cpu: "16", memory: "64Gi",
                     taints: [("dedicated", "ml", "NoSchedule")]),
            nodeJSON("fog-1", labels: ["marvdash.io/layer": "fog", "marvdash.io/site": "trento"], cpu: "8", memory: "16Gi"),
            nodeJSON("edge-1", labels: ["Layer": "GRNEDGE1", "marvdash.io/site": "malta"], arch: "arm64", cpu: "4", memory: "4Gi",
                     ready: false, taints: [("marvdash.io/dedicated", "edge", "NoSchedule")]),
            nodeJSON("edge-2", labels: ["marvdash.io/layer": "edge", "marvdash.io/site": "malta"], arch: "arm64", cpu: "4", memory: "8Gi"),
            nodeJSON("lab-1", labels: [:], cpu: "2", memory: "2Gi"),
        ].map { try Node(json: $0) }
        let pods = try [
            podJSON("default", "web-1", node: "cloud-1", cpu: "2", memory: "4Gi"),
            podJSON("ml", "train-0", node: "cloud-1", cpu: "6", memory: "8Gi", gpu: 1),
            podJSON("default", "batch-done", node: "cloud-2", cpu: "4", memory: "4Gi", phase: "Succeeded"),
            podJSON("monitoring", "agent-fog", node: "fog-1", cpu: "500m", memory: "512Mi"),
            podJSON("edge", "sensor-0", node: "edge-1", cpu: "3600m", memory: "1Gi"),
        ].map { try Pod(json: $0) }
        return ClusterSnapshot(nodes: nodes, pods: pods, serverVersion: "v1.30.2",
                               fetchedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    static let serverURL = "https://127.0.0.1:6443"

    /// A console over a fixed source, already holding the fixture snapshot (unless `snapshot` is false).
    static func console(snapshot: Bool = true, connection: ConsoleConnection? = nil, embedded: Bool = false,
                        readOnly: Bool = false) throws -> (Console, StaticDataSource) {
        let snap = snapshot ? try Self.snapshot() : nil
        let source = StaticDataSource(snapshot: snap,
                                      connection: connection ?? (snapshot ? .connected(at: Date(timeIntervalSince1970: 0)) : .connecting))
        let options = ConsoleOptions(source: source, contextName: "marvel-pilot", namespace: "default", serverURL: serverURL,
                                     embedded: embedded, readOnly: readOnly, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                     environment: [:])
        return (Console(options: options), source)
    }

    /// 2026-11-30 09:08:07 UTC.
    static let now = Date(timeIntervalSince1970: 1_796_029_687)

    static func render(_ console: Console, rows: Int = 24, columns: Int = 80, unicode: Bool = true) -> MemoryScreen {
        let screen = MemoryScreen(rows: rows, columns: columns, unicode: unicode)
        console.render(on: screen, now: now)
        return screen
    }

    static func press(_ console: Console, _ keys: Key...) {
        for key in keys { _ = console.handle(key) }
    }

    static func type(_ console: Console, _ text: String) {
        for c in text { _ = console.handle(.char(c)) }
    }
}
