import Foundation

/// One platform's image: its manifest digest, the sum of its layer sizes
/// (what a node pulls), and its config (built when, labels).
public struct PlatformImage: Sendable, Hashable {
    /// Nil for a single-platform manifest whose config names none.
    public var platform: ImagePlatform?
    public var digest: String
    /// Sum of the layer sizes; nil for schema 1 manifests, which do not say.
    public var size: Int64?
    public var layers: Int
    public var created: Date?
    public var labels: [String: String]

    public init(
        platform: ImagePlatform?, digest: String, size: Int64?, layers: Int, created: Date? = nil, labels: [String: String] = [:]
    ) {
        self.platform = platform
        self.digest = digest
        self.size = size
        self.layers = layers
        self.created = created
        self.labels = labels
    }

    public var json: JSONValue {
        var o: JSONObject = ["platform": .string(platform?.description ?? "unknown"), "digest": .string(digest), "layers": .int(layers)]
        if let size { o["size"] = .int(Int(size)) }
        if let created { o["created"] = .string(Timestamp.format(created)) }
        if !labels.isEmpty { o["labels"] = .object(JSONObject(labels.keys.sorted().map { JSONMember($0, .string(labels[$0] ?? "")) })) }
        return .object(o)
    }
}

/// What one manifest digest holds: its kind and the image of each platform
/// (one for a plain manifest, one per runnable entry of an index).
public struct ImageDetail: Sendable, Hashable {
    public var digest: String
    public var mediaType: String
    public var platforms: [PlatformImage]

    public init(digest: String, mediaType: String, platforms: [PlatformImage]) {
        self.digest = digest
        self.mediaType = mediaType
        self.platforms = platforms
    }

    /// True for a Docker manifest list or an OCI index.
    public var isIndex: Bool { ManifestMediaType.isIndex(mediaType) }

    /// The platforms it can run on ("linux/amd64", "linux/arm64"), sorted.
    public var platformNames: [String] { platforms.compactMap { $0.platform?.description }.sorted() }

    /// The newest build time among the platforms.
    public var created: Date? { platforms.compactMap(\.created).max() }

    /// The smallest and largest platform size (equal for one platform); nil when none is known.
    public var sizeRange: ClosedRange<Int64>? {
        let sizes = platforms.compactMap(\.size)
        guard let low = sizes.min(), let high = sizes.max() else { return nil }
        return low...high
    }

    /// The image a node of `os`/`arch` would pull, when there is one.
    public func image(forOS os: String, architecture: String) -> PlatformImage? {
        if !isIndex, platforms.count == 1, platforms[0].platform == nil { return platforms[0] }
        return platforms.first { $0.platform?.runs(onOS: os, architecture: architecture) ?? false }
    }

    public var json: JSONValue {
        [
            "digest": .string(digest), "mediaType": .string(mediaType),
            "platforms": .array(platforms.map(\.json)),
        ]
    }
}

extension RegistryClient {
    /// What `reference` (a tag or digest) of `repository` holds: for an index every runnable
    /// platform's manifest and config is fetched (attestations are left out).
    public func describe(_ repository: String, reference: String) throws(RegistryError) -> ImageDetail {
        let top = try manifest(repository, reference: reference)
        switch top.manifest {
        case .index(let type, let entries):
            var platforms: [PlatformImage] = []
            for entry in entries where entry.platform?.isRunnable ?? true {
                let child = try manifest(repository, reference: entry.digest)
                var image = try platformImage(repository, child)
                if image.platform == nil || entry.platform != nil { image.platform = entry.platform ?? image.platform }
                platforms.append(image)
            }
            return ImageDetail(digest: top.digest, mediaType: type, platforms: platforms)
        case .image, .schema1:
            return ImageDetail(digest: top.digest, mediaType: top.manifest.mediaType, platforms: [try platformImage(repository, top)])
        }
    }

    /// One image manifest with its config read.
    private func platformImage(_ repository: String, _ fetched: FetchedManifest) throws(RegistryError) -> PlatformImage {
        switch fetched.manifest {
        case .image(_, let configDescriptor, let layers):
            var config = ImageConfig()
            let bytes = try blob(repository, digest: configDescriptor.digest)
            do {
                config = try ImageConfig.parse(bytes)
            } catch {
                throw .badResponse(url: endpoint.url("/v2/\(repository)/blobs/\(configDescriptor.digest)"), detail: error.description)
            }
            return PlatformImage(
                platform: config.platform, digest: fetched.digest, size: fetched.manifest.layerBytes, layers: layers.count,
                created: config.created, labels: config.labels)
        case .schema1(let architecture, let created):
            return PlatformImage(
                platform: architecture.isEmpty ? nil : ImagePlatform(architecture: architecture), digest: fetched.digest, size: nil,
                layers: 0, created: created.flatMap(Timestamp.parse))
        case .index:
            throw .badResponse(
                url: endpoint.url("/v2/\(repository)/manifests/\(fetched.digest)"), detail: "an index lists another index; nested indexes are not read")
        }
    }
}
