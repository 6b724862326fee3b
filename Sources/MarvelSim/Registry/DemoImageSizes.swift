import MarvelCore

/// Deterministic, plausible sizes for the demo's images, shared by the demo
/// registry (its layers) and the nodes' `status.images` (what the runtime
/// reports once a pod ran there), so both say the same thing about an image.
enum DemoImageSizes {
    /// Compressed layer sizes of `repository:tag` for `arch`: three to six layers,
    /// 40–400 MB in all; the arm64 build a little smaller, as such builds usually are.
    static func layers(repository: String, tag: String, arch: String) -> [Int] {
        let seed = "\(repository):\(tag)"
        let count = StableID.number(seed + "#layers", in: 3...6)
        var total = StableID.number(seed + "#size", in: 40_000_000...400_000_000)
        if arch == "arm64" { total = total * 9 / 10 }
        // The base layer carries most of it; the rest share what is left.
        var sizes: [Int] = []
        var left = total
        for i in 0..<count {
            let share = i == count - 1 ? left : left * StableID.number(seed + "#\(i)@\(arch)", in: 35...65) / 100
            sizes.append(max(512, share))
            left -= share
        }
        return sizes
    }

    /// What a node's runtime reports for an image it pulled: the unpacked size, about
    /// two and a half times the compressed layers (for images of any registry).
    static func onNode(_ image: String, arch: String) -> Int {
        guard let ref = ImageReference(parsing: image) else { return StableID.number(image + "size", in: 8_000_000...180_000_000) }
        let compressed = layers(repository: ref.repository, tag: ref.effectiveTag ?? "latest", arch: arch).reduce(0, +)
        return compressed * 5 / 2
    }
}
