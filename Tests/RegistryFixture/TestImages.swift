import Foundation
import MarvelCore

/// Pushes images into a registry through its API with marvdash's own client:
/// layer blobs (small, distinct bytes), a config blob (architecture, OS,
/// created, labels), a Docker schema 2 or OCI manifest per platform and, for
/// several platforms, an OCI index or a Docker manifest list over them.
public struct TestImages {
    public let client: RegistryClient

    public init(client: RegistryClient) { self.client = client }

    /// What one pushed platform image is made of.
    public struct Pushed: Sendable {
        public var platform: ImagePlatform
        public var digest: String
        public var layerSizes: [Int]
        public var layerBytes: Int64 { Int64(layerSizes.reduce(0, +)) }
    }

    /// Pushes one image per platform and tags the result `tag` (an index when several).
    /// Returns the tag's digest and the platform images.
    @discardableResult
    public func push(
        _ repository: String, tag: String, platforms: [ImagePlatform], layerSizes: [Int] = [1500, 2600], created: String = "2024-05-01T10:00:00Z",
        labels: [String: String] = [:], oci: Bool = false
    ) throws -> (digest: String, images: [Pushed]) {
        var pushed: [Pushed] = []
        for (p, platform) in platforms.enumerated() {
            let sizes = layerSizes.enumerated().map { $0.element + 100 * p + $0.offset }
            var layers: [JSONValue] = []
            for (i, size) in sizes.enumerated() {
                let bytes = Self.bytes(seed: "\(repository):\(tag):\(platform):\(i)", count: size)
                let digest = try client.uploadBlob(repository, bytes: bytes)
                layers.append([
                    "mediaType": .string(oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip"),
                    "size": .int(size), "digest": .string(digest),
                ])
            }
            var labelObject = JSONObject()
            for key in labels.keys.sorted() { labelObject[key] = .string(labels[key] ?? "") }
            var configJSON: JSONObject = [
                "architecture": .string(platform.architecture), "os": .string(platform.os), "created": .string(created),
                "config": ["Labels": .object(labelObject)],
                "rootfs": ["type": "layers", "diff_ids": .array(layers.map { $0["digest"] ?? .null })],
            ]
            if !platform.variant.isEmpty { configJSON["variant"] = .string(platform.variant) }
            let config = JSONValue.object(configJSON).jsonBytes()
            let configDigest = try client.uploadBlob(repository, bytes: config)
            let manifestType = oci ? ManifestMediaType.ociManifest : ManifestMediaType.dockerManifest
            let manifest: JSONValue = [
                "schemaVersion": 2, "mediaType": .string(manifestType),
                "config": [
                    "mediaType": .string(oci ? ManifestMediaType.ociConfig : ManifestMediaType.dockerConfig), "size": .int(config.count),
                    "digest": .string(configDigest),
                ],
                "layers": .array(layers),
            ]
            let bytes = manifest.jsonBytes()
            let reference = platforms.count == 1 ? tag : SHA256.digest(bytes)
            let digest = try client.putManifest(repository, reference: reference, bytes: bytes, mediaType: manifestType)
            pushed.append(Pushed(platform: platform, digest: digest, layerSizes: sizes))
        }
        if platforms.count == 1 { return (pushed[0].digest, pushed) }
        let indexType = oci ? ManifestMediaType.ociIndex : ManifestMediaType.dockerManifestList
        let manifestType = oci ? ManifestMediaType.ociManifest : ManifestMediaType.dockerManifest
        var entries: [JSONValue] = []
        for image in pushed {
            let fetched = try client.manifest(repository, reference: image.digest)
            entries.append(ContentDescriptor(mediaType: manifestType, digest: image.digest, size: Int64(fetched.bytes), platform: image.platform).json)
        }
        let index: JSONValue = ["schemaVersion": 2, "mediaType": .string(indexType), "manifests": .array(entries)]
        let digest = try client.putManifest(repository, reference: tag, bytes: index.jsonBytes(), mediaType: indexType)
        return (digest, pushed)
    }

    /// Points another tag at the manifest `digest` (the same bytes, so the same digest).
    public func tag(_ repository: String, digest: String, as tag: String) throws {
        let fetched = try client.manifest(repository, reference: digest)
        try client.putManifest(repository, reference: tag, bytes: fetched.body, mediaType: fetched.manifest.mediaType)
    }

    /// `count` deterministic bytes that differ per seed.
    static func bytes(seed: String, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var block = SHA256.hash(Array(seed.utf8))
        while out.count < count {
            out += block.prefix(count - out.count)
            block = SHA256.hash(block)
        }
        return out
    }
}
