import Foundation

/// A container image reference as a pod spec or a template writes it
/// ("nginx", "127.0.0.1:5000/kafka:5.3.1", "quay.io/a/b@sha256:…"), split the
/// way Docker reads it: the first path component is a registry host when it
/// has a '.' or a ':' or is "localhost"; otherwise the image is on Docker Hub,
/// where one-component names live under "library/".
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// "docker.io" for Docker Hub, else the host[:port] as written.
    public var registry: String
    /// "library/nginx", "kafka", "team/app".
    public var repository: String
    /// The tag, nil when the reference names none (Docker then means "latest").
    public var tag: String?
    /// "sha256:…" when the reference pins a digest.
    public var digest: String?

    public static let dockerHub = "docker.io"

    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses `text`; nil when it is empty or has an empty component.
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !rest.isEmpty, !rest.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            guard let d = digest, d.contains(":") else { return nil }
        }
        var tag: String?
        if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
            guard !(tag ?? "").isEmpty else { return nil }
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        var registry = Self.dockerHub
        var path = parts
        if parts.count > 1, let first = parts.first, first.contains(".") || first.contains(":") || first == "localhost" {
            registry = String(first)
            path = Array(parts.dropFirst())
        }
        registry = Self.canonicalHost(registry)
        var repository = path.joined(separator: "/")
        if registry == Self.dockerHub && path.count == 1 { repository = "library/" + repository }
        self.init(registry: registry, repository: repository, tag: tag, digest: digest)
    }

    /// The tag, or "latest" when none is written and no digest pins it.
    public var effectiveTag: String? { tag ?? (digest == nil ? "latest" : nil) }

    /// "registry/repository:tag[@digest]" in full (Docker Hub spelled docker.io).
    public var description: String {
        var text = "\(registry)/\(repository)"
        if let effectiveTag { text += ":\(effectiveTag)" }
        if let digest { text += "@\(digest)" }
        return text
    }

    /// "repository:tag" (or "repository@digest"): how the Images pane and messages name it.
    public var shortName: String {
        if let effectiveTag { return "\(repository):\(effectiveTag)" }
        return "\(repository)@\(digest ?? "")"
    }

    /// Whether this reference names an image of the registry at `host` ("host:port").
    public func isOn(registryHost host: String) -> Bool {
        registry.lowercased() == Self.canonicalHost(host).lowercased()
    }

    /// Whether both name the same image: registry, repository, and tag or digest.
    public func sameImage(as other: ImageReference) -> Bool {
        guard registry.lowercased() == other.registry.lowercased(), repository == other.repository else { return false }
        if let d = digest, let e = other.digest { return d == e }
        return effectiveTag == other.effectiveTag
    }

    /// Docker Hub's aliases as one name.
    public static func canonicalHost(_ host: String) -> String {
        switch host.lowercased() {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "docker.io": return dockerHub
        default: return host
        }
    }
}
