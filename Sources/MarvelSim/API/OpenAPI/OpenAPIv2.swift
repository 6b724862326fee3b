import MarvelCore
import MarvelNet

/// `/openapi/v2`: the Swagger 2.0 document of every served kind, as JSON.
/// kube-apiserver also speaks protobuf here; clients that accept only
/// protobuf get 406 and fall back to `/openapi/v3`, as kubectl does.
struct OpenAPIv2 {
    var resources: [ResourceType]

    var document: JSONValue {
        var paths = JSONObject()
        for r in resources {
            for p in OpenAPIPaths(resource: r, flavor: .v2).paths { paths[p.key] = p.value }
        }
        let schemas = OpenAPISchemas(flavor: .v2)
        let roots = resources.compactMap { KubeSchema.builtIn.definition(for: ObjectDefaults.gvk($0))?.name }
        return [
            "swagger": "2.0", "info": ["title": "Kubernetes", "version": .string(Discovery.gitVersion)],
            "paths": .object(paths), "definitions": .object(schemas.definitions(schemas.reachable(from: roots))),
        ]
    }

    /// JSON when the client accepts it (or says nothing), else 406 Not Acceptable.
    func response(accept: String?) -> ServerResponse {
        let accept = (accept ?? "").lowercased()
        guard accept.isEmpty || accept.contains("application/json") || accept.contains("*/*") else {
            return APIStatus(
                code: 406, reason: "NotAcceptable",
                message: "only the following media types are accepted: application/json").response
        }
        return .json(document)
    }
}
