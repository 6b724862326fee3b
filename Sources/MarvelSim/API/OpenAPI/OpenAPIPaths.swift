import MarvelCore

/// The operations of one served resource as OpenAPI paths: list and create
/// on the collection; get, replace, patch and delete on an object. Each
/// names its kind (`x-kubernetes-group-version-kind`) and its query
/// parameters; PATCH lists its four body types, which is how kubectl learns
/// that the server validates fields and takes strategic merge patches.
struct OpenAPIPaths {
    var resource: ResourceType
    var flavor: OpenAPISchemas.Flavor

    var prefix: String {
        (resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)")
            + (resource.namespaced ? "/namespaces/{namespace}" : "")
    }

    var gvk: JSONValue {
        ["group": .string(resource.group), "kind": .string(resource.kind), "version": .string(resource.version)]
    }

    static let patchTypes = [
        "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
        "application/strategic-merge-patch+json",
    ]

    /// `path → path item` for this resource.
    var paths: JSONObject {
        var out = JSONObject()
        let kindRef = OpenAPISchemas(flavor: flavor).property(.object(definitionName))
        var collection = JSONObject()
        var item = JSONObject()
        if resource.verbs.contains("list") {
            collection["get"] = operation("list", "list or watch objects of kind \(resource.kind)", ["labelSelector", "fieldSelector", "limit", "continue", "watch", "resourceVersion"], body: nil)
        }
        if resource.verbs.contains("create") {
            collection["post"] = operation("create", "create \(article) \(resource.kind)", ["dryRun", "fieldManager", "fieldValidation"], body: kindRef)
        }
        if resource.verbs.contains("get") {
            item["get"] = operation("read", "read the specified \(resource.kind)", [], body: nil)
        }
        if resource.verbs.contains("patch") {
            item["put"] = operation("replace", "replace the specified \(resource.kind)", ["dryRun", "fieldManager", "fieldValidation"], body: kindRef)
            item["patch"] = operation(
                "patch", "partially update the specified \(resource.kind)", ["dryRun", "fieldManager", "fieldValidation", "force"],
                body: OpenAPISchemas(flavor: flavor).property(.object(OpenAPISchemas.patchDefinition)), bodyTypes: Self.patchTypes)
        }
        if resource.verbs.contains("delete") {
            item["delete"] = operation("delete", "delete \(article) \(resource.kind)", ["dryRun", "propagationPolicy"], body: nil)
        }
        if !collection.isEmpty { out[prefix + "/" + resource.name] = .object(collection) }
        if !item.isEmpty { out[prefix + "/" + resource.name + "/{name}"] = .object(item) }
        return out
    }

    /// The schema definition of the resource's kind (`io.k8s.api.core.v1.Pod`), or the kind name.
    var definitionName: String {
        KubeSchema.builtIn.definition(for: ObjectDefaults.gvk(resource))?.name ?? resource.kind
    }

    private var article: String { "AEIOU".contains(resource.kind.first ?? "x") ? "an" : "a" }

    private func operation(
        _ verb: String, _ description: String, _ query: [String], body: JSONObject?,
        bodyTypes: [String] = ["application/json", "application/yaml"]
    ) -> JSONValue {
        let group = resource.group.isEmpty ? "core" : resource.group.split(separator: ".").first.map(String.init) ?? resource.group
        var op: JSONObject = [
            "description": .string(description),
            "operationId": .string(verb + group.prefix(1).uppercased() + group.dropFirst() + resource.version.capitalized + resource.kind),
        ]
        op["parameters"] = .array(query.map(parameter))
        if let body {
            var content = JSONObject()
            for t in bodyTypes { content[t] = flavor == .v3 ? ["schema": .object(body)] : .object(body) }
            if flavor == .v3 {
                op["requestBody"] = ["content": .object(content), "required": true]
            } else {
                op["consumes"] = .array(bodyTypes.map { .string($0) })
            }
        }
        op["responses"] = ["200": ["description": "OK"], "401": ["description": "Unauthorized"]]
        op["x-kubernetes-action"] = .string(["list": "list", "create": "post", "read": "get", "replace": "put", "patch": "patch", "delete": "delete"][verb] ?? verb)
        op["x-kubernetes-group-version-kind"] = gvk
        return .object(op)
    }

    private func parameter(_ name: String) -> JSONValue {
        let type = ["limit": "integer", "watch": "boolean", "force": "boolean"][name] ?? "string"
        let schema: JSONValue = ["type": .string(type), "uniqueItems": true]
        if flavor == .v3 {
            return ["name": .string(name), "in": "query", "schema": schema]
        }
        return ["name": .string(name), "in": "query", "type": .string(type), "uniqueItems": true]
    }
}
