import Synchronization

/// API discovery answers (`/api/v1`, `/apis/{group}/{version}`) of one server,
/// fetched once and kept; a group-version is fetched again when a kind is
/// missing from it (it may be new) or a request under it came back 404 (the
/// resource may be gone). Shared by a client's copies.
public final class DiscoveryCache: Sendable {
    private let lists = Mutex<[String: JSONValue]>([:])

    public init() {}

    /// The APIResourceList at `groupVersionPath`, from the cache or fetched through `client`.
    public func resourceList(_ groupVersionPath: String, client: KubeClient, refresh: Bool = false) throws(KubeError) -> JSONValue {
        if !refresh, let known = lists.withLock({ $0[groupVersionPath] }) { return known }
        let list = try client.get(groupVersionPath)
        lists.withLock { $0[groupVersionPath] = list }
        return list
    }

    /// Forgets the group-version a request path lies under ("/apis/apps/v1/namespaces/x/deployments" → "/apis/apps/v1").
    public func forget(pathUnder path: String) {
        guard let key = Self.groupVersionPath(of: path) else { return }
        _ = lists.withLock { $0.removeValue(forKey: key) }
    }

    /// Whether a group-version is cached (tests).
    public func isCached(_ groupVersionPath: String) -> Bool { lists.withLock { $0[groupVersionPath] != nil } }

    static func groupVersionPath(of path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.first == "api", parts.count >= 2 { return "/api/\(parts[1])" }
        if parts.first == "apis", parts.count >= 3 { return "/apis/\(parts[1])/\(parts[2])" }
        return nil
    }
}
