import Foundation

/// A content descriptor: what a manifest points at (a config, a layer, or
/// one platform's manifest in an index).
public struct ContentDescriptor: Sendable, Hashable {
    public var mediaType: String
    public var digest: String
    public var size: Int64
    /// Set on the entries of an index.
    public var platform: ImagePlatform?

    public init(mediaType: String, digest: String, size: Int64, platform: ImagePlatform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.platform = platform
    }

    init?(json: JSONValue) {
        guard let digest = json["digest"]?.stringValue, !digest.isEmpty else { return nil }
        self.init(
            mediaType: json["mediaType"]?.stringValue ?? "", digest: digest, size: Int64(json["size"]?.intValue ?? 0),
            platform: ImagePlatform(json: json["platform"]))
    }

    public var json: JSONValue {
        var o: JSONObject = ["mediaType": .string(mediaType), "digest": .string(digest), "size": .int(Int(size))]
        if let platform { o["platform"] = platform.json }
        return .object(o)
    }
}

/// A manifest as a registry serves it, read by its media type: one image
/// (Docker schema 2 or OCI: a config and layers), a list of per-platform
/// manifests (Docker manifest list or OCI index), or a legacy schema 1
/// manifest (one architecture, no sizes).
public enum ImageManifest: Sendable, Hashable {
    case image(mediaType: String, config: ContentDescriptor, layers: [ContentDescriptor])
    case index(mediaType: String, manifests: [ContentDescriptor])
    case schema1(architecture: String, created: String?)

    /// Reads `body`; the media type comes from the body's own `mediaType`, else from the
    /// response's Content-Type. Throws a one-line description of what is wrong.
    public static func parse(_ body: [UInt8], contentType: String?) throws(RegistryManifestError) -> ImageManifest {
        guard let json = try? JSONValue.parse(body), json.objectValue != nil else {
            throw RegistryManifestError("the manifest is not a JSON object")
        }
        let declared = json["mediaType"]?.stringValue ?? ""
        let header = (contentType ?? "").split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        var type = declared.isEmpty ? header : declared
        if json["schemaVersion"]?.intValue == 1 { type = ManifestMediaType.dockerSchema1 }
        // An OCI body may leave mediaType out: an index has "manifests", an image "config".
        if type.isEmpty || type == "application/json" {
            type = json["manifests"] != nil ? ManifestMediaType.ociIndex : ManifestMediaType.ociManifest
        }
        switch type {
        case ManifestMediaType.dockerManifestList, ManifestMediaType.ociIndex:
            guard let entries = json["manifests"]?.arrayValue else {
                throw RegistryManifestError("the \(ManifestMediaType.shortName(type)) manifest has no 'manifests' list")
            }
            return .index(mediaType: type, manifests: entries.compactMap(ContentDescriptor.init(json:)))
        case ManifestMediaType.dockerManifest, ManifestMediaType.ociManifest:
            guard let configJSON = json["config"], let config = ContentDescriptor(json: configJSON) else {
                throw RegistryManifestError("the \(ManifestMediaType.shortName(type)) manifest has no config descriptor")
            }
            let layers = (json["layers"]?.arrayValue ?? []).compactMap(ContentDescriptor.init(json:))
            return .image(mediaType: type, config: config, layers: layers)
        case ManifestMediaType.dockerSchema1, ManifestMediaType.dockerSchema1Signed:
            let first = json["history"]?.arrayValue?.first?["v1Compatibility"]?.stringValue
            let created = first.flatMap { try? JSONValue.parse(Array($0.utf8)) }?["created"]?.stringValue
            return .schema1(architecture: json["architecture"]?.stringValue ?? "", created: created)
        default:
            throw RegistryManifestError("unsupported manifest media type '\(type)'")
        }
    }

    public var mediaType: String {
        switch self {
        case .image(let type, _, _), .index(let type, _): return type
        case .schema1: return ManifestMediaType.dockerSchema1
        }
    }

    /// The sum of the layer sizes (compressed, as pulled); nil for an index or schema 1.
    public var layerBytes: Int64? {
        guard case .image(_, _, let layers) = self else { return nil }
        return layers.reduce(0) { $0 + $1.size }
    }
}

/// A manifest that could not be read.
public struct RegistryManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
