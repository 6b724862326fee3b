/// The image platform filter: a node whose OS and architecture
/// (`kubernetes.io/os`, `kubernetes.io/arch`) no variant of an image was
/// built for would pull the image and fail with "exec format error" long
/// after the deploy said yes, so it is rejected up front. Images the
/// registry could not be asked about filter nothing.
public enum ImagePlatformFilter {
    /// "image kafka:5.3.1 has no linux/arm64 variant" for the first image node `node` cannot run, else nil.
    public static func reason(_ images: [ComponentImage], on node: PlacementNode) -> String? {
        guard !node.arch.isEmpty else { return nil }
        for image in images {
            guard case .platforms(let platforms) = image.check, !platforms.isEmpty else { continue }
            let runnable = platforms.filter(\.isRunnable)
            guard !runnable.isEmpty else { continue }
            if !runnable.contains(where: { $0.runs(onOS: node.os, architecture: node.arch) }) {
                return "image \(image.displayName) has no \(node.os)/\(node.arch) variant"
            }
        }
        return nil
    }
}
