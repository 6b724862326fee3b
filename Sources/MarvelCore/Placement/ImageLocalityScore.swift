/// kube-scheduler's ImageLocality score (0…100, weight 1): nodes that already
/// hold a pod's images score higher, by the images' sizes scaled by how
/// widely they are spread (an image on every node says little), so big
/// images on slow edge links are not pulled again.
///
/// For each container whose image (a reference without a tag counts as
/// ":latest") the node lists in `status.images`, add size × (nodes holding
/// it / all nodes); clamp the sum to [23 MiB, 1000 MiB × containers] and
/// scale that range to 0…100.
public enum ImageLocalityScore {
    static let mebibyte: Int64 = 1024 * 1024
    public static let minThreshold: Int64 = 23 * mebibyte
    public static let maxContainerThreshold: Int64 = 1000 * mebibyte

    /// Node `i`'s score for a pod whose containers run `images` (one entry per container).
    public static func score(_ images: [String], node i: Int, in snapshot: PlacementSnapshot) -> Int {
        guard !images.isEmpty, !snapshot.nodes.isEmpty else { return 0 }
        let node = snapshot.nodes[i]
        var sum: Int64 = 0
        for image in images {
            let name = normalized(image)
            guard let size = node.images[name] else { continue }
            let spread = Double(snapshot.imageNodeCounts[name] ?? 1) / Double(snapshot.nodes.count)
            sum += Int64(Double(size) * spread)
        }
        return priority(sum, containers: images.count)
    }

    /// The clamped, scaled score of a summed size.
    public static func priority(_ sum: Int64, containers: Int) -> Int {
        let maxThreshold = maxContainerThreshold * Int64(max(1, containers))
        let clamped = min(max(sum, minThreshold), maxThreshold)
        return Int(100 * (clamped - minThreshold) / (maxThreshold - minThreshold))
    }

    /// The name kube looks images up by: ":latest" added when the reference has no tag.
    public static func normalized(_ image: String) -> String {
        let colon = image.lastIndex(of: ":")
        let slash = image.lastIndex(of: "/")
        switch (colon, slash) {
        case (nil, _): return image + ":latest"
        case (let c?, let s?) where c < s: return image + ":latest"
        default: return image
        }
    }
}
