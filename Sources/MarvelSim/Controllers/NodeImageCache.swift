import MarvelCore

/// What a kubelet does to `status.images` when it starts a pod: the pod's
/// images (init containers and containers) join the node's list, named by tag
/// and by digest, with the unpacked size `DemoImageSizes` gives; the list
/// stays sorted by size and capped at the kubelet's default of 50 entries.
enum NodeImageCache {
    /// The kubelet's `--node-status-max-images` default.
    static let maxImages = 50

    /// Adds the images of `pod` to node `nodeName`'s list (one write, only when something is new).
    static func recordImages(of pod: JSONValue, onNode nodeName: String, store: ClusterStore) {
        let containers = (pod.at("spec", "initContainers")?.arrayValue ?? []) + (pod.at("spec", "containers")?.arrayValue ?? [])
        let images = containers.compactMap { $0["image"]?.stringValue }.filter { !$0.isEmpty }
        guard !images.isEmpty, let node = store.get("nodes", name: nodeName) else { return }
        let known = Set((node.at("status", "images")?.arrayValue ?? []).flatMap { ($0["names"]?.arrayValue ?? []).compactMap(\.stringValue) })
        let missing = Array(Set(images.filter { !known.contains($0) })).sorted()
        guard !missing.isEmpty else { return }
        _ = try? store.modify("nodes", name: nodeName) { node in
            let arch = node.at("status", "nodeInfo", "architecture")?.stringValue ?? "amd64"
            var entries = node.at("status", "images")?.arrayValue ?? []
            for image in missing { entries.append(entry(image, arch: arch)) }
            entries.sort { ($0["sizeBytes"]?.intValue ?? 0) > ($1["sizeBytes"]?.intValue ?? 0) }
            node["status"]?["images"] = .array(Array(entries.prefix(maxImages)))
        }
    }

    /// One `status.images` entry: the repository by digest (for a tagged image) and the image as the pod names it.
    static func entry(_ image: String, arch: String) -> JSONValue {
        var names: [JSONValue] = []
        if !image.contains("@") {
            var repository = image
            if let colon = image.lastIndex(of: ":"), image.lastIndex(of: "/").map({ colon > $0 }) ?? true {
                repository = String(image[..<colon])
            }
            names.append(.string("\(repository)@\(StableID.imageDigest(image, arch: arch))"))
        }
        names.append(.string(image))
        return ["names": .array(names), "sizeBytes": .int(DemoImageSizes.onNode(image, arch: arch))]
    }
}
