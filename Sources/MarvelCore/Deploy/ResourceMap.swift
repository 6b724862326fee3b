/// Where a kind lives in the REST API: group, version, plural resource and scope.
public struct ResourceType: Sendable, Hashable {
    public var group: String
    public var version: String
    public var resource: String
    public var namespaced: Bool
    public var kind: String

    public init(group: String, version: String, resource: String, namespaced: Bool, kind: String) {
        self.group = group
        self.version = version
        self.resource = resource
        self.namespaced = namespaced
        self.kind = kind
    }

    /// `/api/v1` or `/apis/{group}/{version}`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The collection path in `namespace` (ignored for cluster-scoped kinds).
    public func collectionPath(namespace: String) -> String {
        namespaced ? "\(groupVersionPath)/namespaces/\(namespace)/\(resource)" : "\(groupVersionPath)/\(resource)"
    }

    /// The path of one object.
    public func objectPath(name: String, namespace: String) -> String { "\(collectionPath(namespace: namespace))/\(name)" }
}

/// Maps kind + apiVersion to a `ResourceType`: a table of the kinds the catalogue
/// uses, then API discovery (`GET /api/v1`, `/apis/{g}/{v}`, cached by the client)
/// for any other kind.
public struct ResourceMap: Sendable {
    /// The built-in table, also the kinds searched for labelled leftovers on delete.
    public static let known: [ResourceType] = [
        ResourceType(group: "apps", version: "v1", resource: "deployments", namespaced: true, kind: "Deployment"),
        ResourceType(group: "apps", version: "v1", resource: "statefulsets", namespaced: true, kind: "StatefulSet"),
        ResourceType(group: "apps", version: "v1", resource: "daemonsets", namespaced: true, kind: "DaemonSet"),
        ResourceType(group: "batch", version: "v1", resource: "jobs", namespaced: true, kind: "Job"),
        ResourceType(group: "batch", version: "v1", resource: "cronjobs", namespaced: true, kind: "CronJob"),
        ResourceType(group: "", version: "v1", resource: "services", namespaced: true, kind: "Service"),
        ResourceType(group: "networking.k8s.io", version: "v1", resource: "ingresses", namespaced: true, kind: "Ingress"),
        ResourceType(group: "", version: "v1", resource: "configmaps", namespaced: true, kind: "ConfigMap"),
        ResourceType(group: "", version: "v1", resource: "secrets", namespaced: true, kind: "Secret"),
        ResourceType(group: "", version: "v1", resource: "persistentvolumeclaims", namespaced: true, kind: "PersistentVolumeClaim"),
        ResourceType(group: "", version: "v1", resource: "serviceaccounts", namespaced: true, kind: "ServiceAccount"),
    ]

    /// The kinds whose objects delete looks for by instance label (the record last).
    public static let searchedOnDelete: Set<String> = ["Deployment", "StatefulSet", "DaemonSet", "Job", "Service", "Ingress", "ConfigMap", "Secret"]

    let client: KubeClient

    public init(client: KubeClient) { self.client = client }

    /// The resource type of `kind` in `apiVersion` ("apps/v1", "v1").
    public func type(kind: String, apiVersion: String) throws(DeployError) -> ResourceType {
        let (group, version) = Self.split(apiVersion)
        if let hit = Self.known.first(where: { $0.kind == kind && $0.group == group && $0.version == version }) { return hit }
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        // Discovery is cached per client; a kind it lacks may be new, so the list is asked for once more.
        for refresh in [false, true] {
            let list: JSONValue
            do {
                list = try client.discovery.resourceList(path, client: client, refresh: refresh)
            } catch {
                if error.statusCode == 404 { throw .unknownKind(kind: kind, apiVersion: apiVersion) }
                throw .api(action: "discovering \(apiVersion)", error)
            }
            for r in list["resources"]?.arrayValue ?? [] {
                guard r["kind"]?.stringValue == kind, let name = r["name"]?.stringValue, !name.contains("/") else { continue }
                return ResourceType(group: group, version: version, resource: name, namespaced: r["namespaced"]?.boolValue ?? true, kind: kind)
            }
        }
        throw .unknownKind(kind: kind, apiVersion: apiVersion)
    }

    static func split(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
