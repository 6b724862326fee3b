import MarvelCore

/// `/openapi/v3`: the index of group versions, and for each one the document
/// kube-apiserver serves — its resources' operations and the schemas of its
/// kinds with descriptions and merge strategies — so `kubectl explain` prints
/// field docs, client-side apply computes strategic merge patches, and
/// kubectl leaves field validation to the server.
struct OpenAPIv3 {
    var resources: [ResourceType]

    /// `apis/apps/v1` or `api/v1` for a group version.
    static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    private var groupVersions: [(group: String, version: String)] {
        var seen: [String] = []
        var out: [(String, String)] = []
        for r in resources where !seen.contains(r.apiVersion) {
            seen.append(r.apiVersion)
            out.append((r.group, r.version))
        }
        return out
    }

    /// `GET /openapi/v3`: one `serverRelativeURL` per group version, with a hash of its content's inputs.
    var index: JSONValue {
        var paths = JSONObject()
        for gv in groupVersions {
            let p = Self.path(group: gv.group, version: gv.version)
            let kinds = resources.filter { $0.group == gv.group && $0.version == gv.version }
                .map { "\($0.name):\($0.kind):\($0.verbs.joined(separator: ","))" }.joined(separator: ";")
            let hash = StableID.hex(p + Discovery.gitVersion + "\(KubeSchema.builtIn.definitions.count)" + kinds, count: 32)
            paths[p] = ["serverRelativeURL": .string("/openapi/v3/\(p)?hash=\(hash.uppercased())")]
        }
        return ["paths": .object(paths)]
    }

    /// `GET /openapi/v3/{api/v1|apis/g/v}`, or nil for an unknown group version.
    func document(_ subpath: String) -> JSONValue? {
        guard let gv = groupVersions.first(where: { Self.path(group: $0.group, version: $0.version) == subpath }) else {
            return nil
        }
        let served = resources.filter { $0.group == gv.group && $0.version == gv.version }
        var paths = JSONObject()
        for r in served {
            for p in OpenAPIPaths(resource: r, flavor: .v3).paths { paths[p.key] = p.value }
        }
        let schemas = OpenAPISchemas(flavor: .v3)
        let roots = served.compactMap { KubeSchema.builtIn.definition(for: ObjectDefaults.gvk($0))?.name }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(Discovery.gitVersion)],
            "paths": .object(paths), "components": ["schemas": .object(schemas.definitions(schemas.reachable(from: roots)))],
        ]
    }
}
