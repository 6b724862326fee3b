import MarvelCore

/// A minimal `/openapi/v3`: the index of group versions, and for each one a
/// document whose PATCH operations declare the `fieldValidation` parameter
/// with the kind they patch. That is what kubectl reads to learn that the
/// server validates fields itself, so `kubectl apply` needs no
/// `--validate=false`. Schemas are left open (no client-side checks).
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

    /// `GET /openapi/v3`.
    var index: JSONValue {
        var paths = JSONObject()
        for gv in groupVersions {
            let p = Self.path(group: gv.group, version: gv.version)
            paths[p] = ["serverRelativeURL": .string("/openapi/v3/\(p)?hash=\(StableID.hex(p, count: 16))")]
        }
        return ["paths": .object(paths)]
    }

    /// `GET /openapi/v3/{api/v1|apis/g/v}`, or nil for an unknown group version.
    func document(_ subpath: String) -> JSONValue? {
        guard let gv = groupVersions.first(where: { Self.path(group: $0.group, version: $0.version) == subpath }) else {
            return nil
        }
        var paths = JSONObject()
        for r in resources where r.group == gv.group && r.version == gv.version && r.verbs.contains("patch") {
            let prefix = "/" + subpath + (r.namespaced ? "/namespaces/{namespace}" : "")
            let gvk: JSONValue = ["group": .string(r.group), "kind": .string(r.kind), "version": .string(r.version)]
            let params: [JSONValue] = ["dryRun", "fieldManager", "fieldValidation", "force"].map {
                ["name": .string($0), "in": "query", "schema": ["type": "string"], "uniqueItems": true]
            }
            paths["\(prefix)/\(r.name)/{name}"] = [
                "patch": [
                    "operationId": .string("patch\(r.kind)"),
                    "parameters": .array(params),
                    "responses": ["200": ["description": "OK"]],
                    "x-kubernetes-action": "patch",
                    "x-kubernetes-group-version-kind": gvk,
                ]
            ]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(Discovery.gitVersion)],
            "paths": .object(paths), "components": ["schemas": [:]],
        ]
    }
}
