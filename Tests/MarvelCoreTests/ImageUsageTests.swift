import MarvelCore
import Testing

/// Where an image is used: nodes holding it, templates naming it after
/// rendering, instances and other pods running it.
@Suite struct ImageUsageTests {
    @Test func usageByRepositoryTagAndDigest() throws {
        let host = "127.0.0.1:5000"
        let nodes = [
            Node(name: "fog-1", labels: ["marvdash.io/layer": "fog"], arch: "amd64",
                 images: [NodeImage(names: ["\(host)/kafka@sha256:abc", "\(host)/kafka:5.3.1"], sizeBytes: 700_000_000)]),
            Node(name: "edge-1", labels: ["marvdash.io/layer": "edge"], arch: "arm64",
                 images: [NodeImage(names: ["\(host)/kafka:latest"], sizeBytes: 650_000_000),
                          NodeImage(names: ["docker.io/library/kafka:5.3.1"], sizeBytes: 1)]),
        ]
        var pod = try Pod(json: [
            "metadata": ["name": "kafka-0", "namespace": "default",
                         "labels": ["marvdash.io/instance": "kafka", "marvdash.io/template": "kafka"]],
            "spec": ["nodeName": "fog-1", "containers": [["name": "k", "image": .string("\(host)/kafka:5.3.1")]]],
            "status": ["phase": "Running"],
        ])
        let other = try Pod(json: [
            "metadata": ["name": "debug", "namespace": "tools"],
            "spec": ["nodeName": "edge-1", "containers": [["name": "k", "image": .string("\(host)/kafka:latest")]]],
            "status": ["phase": "Running"],
        ])
        var done = pod
        done.name = "kafka-old"
        done.phase = "Succeeded"
        pod.namespace = "default"
        let snapshot = ClusterSnapshot(nodes: nodes, pods: [pod, other, done])
        let templates = TemplateImageIndex(images: ["kafka": ["\(host)/kafka:5.3.1"], "other": ["docker.io/kafka:5.3.1"]])
        let index = ImageUsageIndex(registryHost: host, snapshot: snapshot, templateImages: templates)

        let tag = index.usage(repository: "kafka", tags: ["5.3.1"])
        #expect(tag.nodes.map(\.node) == ["fog-1"])
        #expect(tag.nodes.first?.layer == .fog && tag.nodes.first?.sizeBytes == 700_000_000)
        #expect(tag.templates == ["kafka"])
        #expect(tag.instances == [ImageUsage.InstanceUse(namespace: "default", name: "kafka", template: "kafka", pods: ["kafka-0 on fog-1"])])
        #expect(tag.otherPods.isEmpty)

        let latest = index.usage(repository: "kafka", tags: ["latest"])
        #expect(latest.nodes.map(\.node) == ["edge-1"])
        #expect(latest.otherPods == ["tools/debug on edge-1"])
        #expect(latest.templates.isEmpty)

        // A digest the node lists matches even under another tag; the whole repository matches all.
        #expect(index.usage(repository: "kafka", tags: ["9"], digests: ["sha256:abc"]).nodes.map(\.node) == ["fog-1"])
        let all = index.usage(repository: "kafka")
        #expect(all.nodes.count == 2 && all.instances.count == 1 && all.otherPods.count == 1)
        #expect(index.usage(repository: "nothing").isUnused)
        #expect(all.json["instances"]?[0]?["pods"]?[0] == "kafka-0 on fog-1")
    }
}
