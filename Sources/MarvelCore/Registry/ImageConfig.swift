import Foundation

/// The parts of an image's config blob the Images pane shows: when it was
/// built, for which platform, and its labels (`config.Labels`).
public struct ImageConfig: Sendable, Hashable {
    public var created: Date?
    public var platform: ImagePlatform?
    public var labels: [String: String]

    public init(created: Date? = nil, platform: ImagePlatform? = nil, labels: [String: String] = [:]) {
        self.created = created
        self.platform = platform
        self.labels = labels
    }

    /// Reads a Docker or OCI image config; throws when it is not a JSON object.
    public static func parse(_ body: [UInt8]) throws(RegistryManifestError) -> ImageConfig {
        guard let json = try? JSONValue.parse(body), json.objectValue != nil else {
            throw RegistryManifestError("the image config is not a JSON object")
        }
        var labels: [String: String] = [:]
        for member in json.at("config", "Labels")?.objectValue ?? JSONObject() {
            if let value = member.value.stringValue { labels[member.key] = value }
        }
        return ImageConfig(
            created: json["created"]?.stringValue.flatMap(Timestamp.parse), platform: ImagePlatform(json: json), labels: labels)
    }
}
