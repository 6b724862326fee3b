/// A request for objects of one resource: a collection (list) or one object.
struct ResourceRequest: Equatable {
    var type: ResourceType
    /// The namespace in the path; nil for cluster-scoped resources and all-namespace lists.
    var namespace: String?
    var name: String?
    var subresource: String?
}

/// What a request path asks for.
enum APIRoute: Equatable {
    case version
    case coreVersions
    case coreResources
    case groups
    case groupVersionResources(group: String, version: String)
    case health(String)
    /// `/openapi/v3` (empty) or `/openapi/v3/{api/v1|apis/g/v}`.
    case openAPIv3(String)
    /// `/openapi/v2`.
    case openAPIv2
    case resource(ResourceRequest)

    /// Resolves `path` against the served resources; unknown paths are a 404 Status.
    static func resolve(_ path: String, resources: [ResourceType]) throws(APIStatus) -> APIRoute {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.first {
        case "version" where parts.count == 1: return .version
        case "healthz", "livez", "readyz": return .health(parts[0])
        case "openapi" where parts.count == 2 && parts[1] == "v2": return .openAPIv2
        case "openapi" where parts.count >= 2 && parts[1] == "v3":
            return .openAPIv3(parts.dropFirst(2).joined(separator: "/"))
        case "api":
            if parts.count == 1 { return .coreVersions }
            guard parts[1] == "v1" else { throw APIStatus.pathNotFound(path) }
            if parts.count == 2 { return .coreResources }
            return try resourceRoute(
                Array(parts.dropFirst(2)), group: "", version: "v1", path: path, resources: resources)
        case "apis":
            if parts.count == 1 { return .groups }
            guard parts.count >= 3 else { throw APIStatus.pathNotFound(path) }
            let served = resources.contains { $0.group == parts[1] && $0.version == parts[2] }
            guard served else { throw APIStatus.pathNotFound(path) }
            if parts.count == 3 { return .groupVersionResources(group: parts[1], version: parts[2]) }
            return try resourceRoute(
                Array(parts.dropFirst(3)), group: parts[1], version: parts[2], path: path, resources: resources)
        default:
            throw APIStatus.pathNotFound(path)
        }
    }

    /// `{resource}[/{name}[/{sub}]]` or `namespaces/{ns}/{resource}[/{name}[/{sub}]]`.
    private static func resourceRoute(
        _ rest: [String], group: String, version: String, path: String, resources: [ResourceType]
    ) throws(APIStatus) -> APIRoute {
        func type(_ name: String) throws(APIStatus) -> ResourceType {
            guard let t = resources.first(where: { $0.name == name && $0.group == group && $0.version == version })
            else {
                throw APIStatus.pathNotFound(path)
            }
            return t
        }
        if rest.count >= 3, rest[0] == "namespaces" {
            let t = try type(rest[2])
            guard t.namespaced, rest.count <= 5 else { throw APIStatus.pathNotFound(path) }
            return .resource(
                ResourceRequest(
                    type: t, namespace: rest[1], name: rest.count > 3 ? rest[3] : nil,
                    subresource: rest.count > 4 ? rest[4] : nil))
        }
        let t = try type(rest[0])
        guard rest.count <= 3 else { throw APIStatus.pathNotFound(path) }
        if t.namespaced && rest.count > 1 { throw APIStatus.pathNotFound(path) }
        return .resource(
            ResourceRequest(
                type: t, namespace: nil, name: rest.count > 1 ? rest[1] : nil,
                subresource: rest.count > 2 ? rest[2] : nil))
    }
}
