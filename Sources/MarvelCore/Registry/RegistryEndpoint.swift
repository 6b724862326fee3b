import Foundation

/// Where a registry is: its base URL ("https://registry.example:5000") and
/// the host[:port] image references use for it ("registry.example:5000").
public struct RegistryEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Scheme, host and port; no trailing slash, no path.
    public var baseURL: String
    /// "host[:port]" as written in image references (Docker Hub: "docker.io").
    public var host: String

    /// Reads "https://host[:port]", "http://host[:port]" or a bare "host[:port]" (https);
    /// a trailing "/" or "/v2/" is dropped. Nil when there is no host or the scheme is another.
    public init?(parsing text: String) {
        var rest = text.trimmingCharacters(in: .whitespaces)
        var scheme = "https"
        if let range = rest.range(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = String(rest[range.upperBound...])
        }
        guard scheme == "http" || scheme == "https" else { return nil }
        for suffix in ["/v2/", "/v2", "/"] where rest.hasSuffix(suffix) {
            rest = String(rest.dropLast(suffix.count))
            break
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?"), !rest.contains(" ") else { return nil }
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let port = Int(rest[rest.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        }
        baseURL = "\(scheme)://\(rest)"
        let canonical = ImageReference.canonicalHost(rest)
        host = canonical
        if canonical == ImageReference.dockerHub { baseURL = "https://registry-1.docker.io" }
    }

    public var description: String { baseURL }

    /// Whether the registry is reached over plain HTTP.
    public var isPlainHTTP: Bool { baseURL.hasPrefix("http://") }

    /// The URL of an API path ("/v2/_catalog").
    public func url(_ path: String) -> String { baseURL + path }
}
