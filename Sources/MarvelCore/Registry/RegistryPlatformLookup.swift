import Foundation
import Synchronization

/// The placer's image platform check against one registry: for a
/// reference on that registry, the platforms of its index entries (or of its
/// single manifest's config). Answers are cached (a minute; failures 15 s),
/// and once the registry proves unreachable or refuses access the remaining
/// references of the same call are not tried, so a dead registry costs one
/// attempt per check, not one per image.
public final class RegistryPlatformLookup: ImagePlatformSource {
    public let client: RegistryClient
    private let cache = Mutex<[String: (check: ImagePlatformCheck, until: Date)]>([:])
    private let ttl: TimeInterval
    private let failureTTL: TimeInterval

    public init(client: RegistryClient, ttl: TimeInterval = 60, failureTTL: TimeInterval = 15) {
        self.client = client
        self.ttl = ttl
        self.failureTTL = failureTTL
    }

    public func check(_ references: [String]) -> [String: ImagePlatformCheck] {
        var out: [String: ImagePlatformCheck] = [:]
        var blocked: RegistryError?
        for reference in references {
            if let cached = cached(reference) {
                out[reference] = cached
                continue
            }
            guard let parsed = ImageReference(parsing: reference) else {
                out[reference] = .unknown("'\(reference)' is not an image reference")
                continue
            }
            guard parsed.isOn(registryHost: client.endpoint.host) else {
                out[reference] = .unknown("it is on \(parsed.registry), not on the configured registry \(client.endpoint.host)")
                continue
            }
            if let blocked {
                out[reference] = .unknown(blocked.description)
                continue
            }
            let result: ImagePlatformCheck
            do {
                result = .platforms(try platforms(parsed))
                remember(reference, result, for: ttl)
            } catch {
                result = .unknown(error.description)
                remember(reference, result, for: failureTTL)
                if error.isUnreachable || error.needsCredentials { blocked = error }
            }
            out[reference] = result
        }
        return out
    }

    /// The runnable platforms `reference` names: an index's entries, or a single manifest's config platform.
    func platforms(_ reference: ImageReference) throws(RegistryError) -> [ImagePlatform] {
        let fetched = try client.manifest(reference.repository, reference: reference.digest ?? reference.effectiveTag ?? "latest")
        switch fetched.manifest {
        case .index(_, let entries):
            return Array(Set(entries.compactMap(\.platform).filter(\.isRunnable))).sorted()
        case .image(_, let config, _):
            let bytes = try client.blob(reference.repository, digest: config.digest)
            let platform: ImagePlatform?
            do {
                platform = try ImageConfig.parse(bytes).platform
            } catch {
                throw .badResponse(url: client.endpoint.url("/v2/\(reference.repository)/blobs/\(config.digest)"), detail: error.description)
            }
            return platform.map { [$0] } ?? []
        case .schema1(let architecture, _):
            return architecture.isEmpty ? [] : [ImagePlatform(architecture: architecture)]
        }
    }

    private func cached(_ reference: String) -> ImagePlatformCheck? {
        cache.withLock { entries in
            guard let entry = entries[reference] else { return nil }
            if entry.until < Date() {
                entries[reference] = nil
                return nil
            }
            return entry.check
        }
    }

    private func remember(_ reference: String, _ check: ImagePlatformCheck, for seconds: TimeInterval) {
        cache.withLock { $0[reference] = (check, Date().addingTimeInterval(seconds)) }
    }
}
