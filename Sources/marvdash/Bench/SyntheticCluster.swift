import MarvelCore

/// A large made-up cluster for benchmarks: nodes spread over the three layers
/// and sites, pods spread over the nodes, decoded from API-shaped JSON the way
/// a real snapshot is.
enum SyntheticCluster {
    static func snapshot(nodes nodeCount: Int, pods podCount: Int) throws -> ClusterSnapshot {
        let layers = ["cloud", "fog", "edge"]
        let sites = ["PSNC", "GRN", "MT", "UNS"]
        var nodes: [Node] = []
        nodes.reserveCapacity(nodeCount)
        for i in 0..<nodeCount {
            let layer = layers[i % layers.count]
            let name = "\(layer)-node-\(i)"
            let json: JSONValue = [
                "metadata": [
                    "name": .string(name), "uid": .string("uid-\(i)"),
                    "labels": [
                        "marvdash.io/layer": .string(layer), "marvdash.io/site": .string(sites[i % sites.count]),
                        "kubernetes.io/arch": i % 7 == 0 ? "arm64" : "amd64", "kubernetes.io/hostname": .string(name),
                    ],
                ],
                "spec": i % 50 == 0 ? ["taints": [["key": "Layer", "value": "GRNEDGE1", "effect": "NoSchedule"]]] : [:],
                "status": [
                    "capacity": ["cpu": "16", "memory": "65536Mi", "pods": "110", "nvidia.com/gpu": i % 10 == 0 ? "2" : "0"],
                    "allocatable": ["cpu": "15800m", "memory": "64000Mi", "pods": "110", "nvidia.com/gpu": i % 10 == 0 ? "2" : "0"],
                    "conditions": [["type": "Ready", "status": i % 97 == 0 ? "False" : "True"]],
                    "nodeInfo": ["kubeletVersion": "v1.30.0", "architecture": i % 7 == 0 ? "arm64" : "amd64"],
                ],
            ]
            nodes.append(try Node(json: json))
        }
        var pods: [Pod] = []
        pods.reserveCapacity(podCount)
        for i in 0..<podCount {
            let node = nodes[i % max(1, nodes.count)].name
            let json: JSONValue = [
                "metadata": ["name": .string("app-\(i)"), "namespace": i % 3 == 0 ? "kube-system" : "marvel", "uid": .string("p\(i)")],
                "spec": [
                    "nodeName": .string(node),
                    "containers": [["name": "main", "image": "registry/app:1", "resources": ["requests": ["cpu": "100m", "memory": "128Mi"]]]],
                ],
                "status": [
                    "phase": "Running",
                    "containerStatuses": [["name": "main", "ready": true, "restartCount": 0, "state": ["running": [:]]]],
                ],
            ]
            pods.append(try Pod(json: json))
        }
        return ClusterSnapshot(nodes: nodes, pods: pods, serverVersion: "v1.30.0-bench")
    }
}
