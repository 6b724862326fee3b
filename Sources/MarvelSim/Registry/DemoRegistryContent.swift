import Foundation
import MarvelCore

/// The bytes the demo registry serves, built once from a `DemoImageCatalog`:
/// per platform a config blob (architecture, OS, created, OCI labels) and a
/// manifest over layer descriptors sized by `DemoImageSizes`; an OCI index
/// over them for multi-platform images, a Docker schema 2 manifest for
/// single-platform ones. Digests are the SHA-256 of the exact bytes served.
/// Layer bytes are not kept (they would be gigabytes): the registry serves
/// manifests and configs, which is what browsing and placement read.
struct DemoRegistryContent: Sendable {
    /// A manifest or config as served.
    struct Document: Sendable {
        var mediaType: String
        var bytes: [UInt8]
    }

    /// Repository → tag → manifest digest.
    private(set) var tags: [String: [String: String]] = [:]
    /// Repository → digest → manifest.
    private(set) var manifests: [String: [String: Document]] = [:]
    /// Repository → digest → config blob.
    private(set) var blobs: [String: [String: Document]] = [:]

    /// Repositories in the catalogue's order (lexical, as registries list them).
    var repositories: [String] { tags.keys.sorted() }

    init(catalog: DemoImageCatalog) {
        for image in catalog.images {
            let digest = add(image)
            tags[image.repository, default: [:]][image.tag] = digest
            // The newest version of each repository is also "latest".
            let versions = catalog.images.filter { $0.repository == image.repository }.map(\.tag)
            if image.tag == versions.max(by: { $0.compare($1, options: .numeric) == .orderedAscending }) {
                tags[image.repository, default: [:]]["latest"] = digest
            }
        }
    }

    /// Stores the image's manifests and configs; returns the digest its tags point at.
    private mutating func add(_ image: DemoImageCatalog.Image) -> String {
        let multi = image.platforms.count > 1
        var entries: [JSONValue] = []
        var single = ""
        for platform in image.platforms {
            let config = configBytes(image, platform: platform)
            let configDigest = SHA256.digest(config)
            blobs[image.repository, default: [:]][configDigest] = Document(
                mediaType: multi ? ManifestMediaType.ociConfig : ManifestMediaType.dockerConfig, bytes: config)
            let layerType = multi ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip"
            let sizes = DemoImageSizes.layers(repository: image.repository, tag: image.tag, arch: platform.architecture)
            let layers: [JSONValue] = sizes.enumerated().map { i, size in
                [
                    "mediaType": .string(layerType), "size": .int(size),
                    "digest": .string(SHA256.digest(Array("\(image.repository):\(image.tag)@\(platform)#\(i)".utf8))),
                ]
            }
            let manifestType = multi ? ManifestMediaType.ociManifest : ManifestMediaType.dockerManifest
            let manifest: JSONValue = [
                "schemaVersion": 2, "mediaType": .string(manifestType),
                "config": [
                    "mediaType": .string(multi ? ManifestMediaType.ociConfig : ManifestMediaType.dockerConfig), "size": .int(config.count),
                    "digest": .string(configDigest),
                ],
                "layers": .array(layers),
            ]
            let bytes = manifest.jsonBytes()
            let digest = SHA256.digest(bytes)
            manifests[image.repository, default: [:]][digest] = Document(mediaType: manifestType, bytes: bytes)
            entries.append(ContentDescriptor(mediaType: manifestType, digest: digest, size: Int64(bytes.count), platform: platform).json)
            single = digest
        }
        guard multi else { return single }
        let index: JSONValue = ["schemaVersion": 2, "mediaType": .string(ManifestMediaType.ociIndex), "manifests": .array(entries)]
        let bytes = index.jsonBytes()
        let digest = SHA256.digest(bytes)
        manifests[image.repository, default: [:]][digest] = Document(mediaType: ManifestMediaType.ociIndex, bytes: bytes)
        return digest
    }

    /// A config with a build date that stays put between runs (days before a fixed date, by name).
    private func configBytes(_ image: DemoImageCatalog.Image, platform: ImagePlatform) -> [UInt8] {
        let base = Date(timeIntervalSince1970: 1_717_200_000)  // 2024-06-01
        let created = base.addingTimeInterval(-Double(StableID.number("\(image.repository):\(image.tag)#built", in: 0...400)) * 86_400)
        var config: JSONObject = [
            "architecture": .string(platform.architecture), "os": .string(platform.os),
            "created": .string(Timestamp.format(created)),
            "config": [
                "Labels": [
                    "org.opencontainers.image.title": .string(image.repository),
                    "org.opencontainers.image.version": .string(image.tag),
                    "org.opencontainers.image.vendor": "MARVEL project",
                    "io.marvdash.templates": .string(image.templates.joined(separator: ",")),
                ]
            ],
            "rootfs": ["type": "layers", "diff_ids": []],
        ]
        if !platform.variant.isEmpty { config["variant"] = .string(platform.variant) }
        return JSONValue.object(config).jsonBytes()
    }

    /// The manifest a tag or digest names.
    func manifest(_ repository: String, reference: String) -> (digest: String, document: Document)? {
        let digest = reference.hasPrefix("sha256:") ? reference : tags[repository]?[reference]
        guard let digest, let document = manifests[repository]?[digest] else { return nil }
        return (digest, document)
    }

    func blob(_ repository: String, digest: String) -> Document? { blobs[repository]?[digest] }
}
