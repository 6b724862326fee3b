import MarvelCore

/// The schema's definitions as OpenAPI schema objects, with their
/// descriptions and the `x-kubernetes-*` extensions kubectl reads (patch
/// strategies and merge keys for client-side apply, list types, kinds for
/// `explain`). v3 wraps references in `allOf` as kube-apiserver does; v2
/// refers to `#/definitions/`.
struct OpenAPISchemas {
    enum Flavor {
        case v2
        case v3

        var prefix: String { self == .v2 ? "#/definitions/" : "#/components/schemas/" }
    }

    var schema: KubeSchema = .builtIn
    var docs: SchemaDocumentation = .builtIn
    var flavor: Flavor

    /// PATCH bodies; not a schema definition of its own.
    static let patchDefinition = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"

    /// Every definition reachable from `roots`, sorted by name.
    func reachable(from roots: [String]) -> [String] {
        var seen = Set<String>()
        var stack = roots
        while let name = stack.popLast() {
            guard !seen.contains(name), let definition = schema.definitions[name] else { continue }
            seen.insert(name)
            for field in definition.fields { stack += references(field.type) }
        }
        return seen.sorted()
    }

    private func references(_ type: FieldType) -> [String] {
        switch type {
        case .object(let name): return [name]
        case .array(let e), .map(let e): return references(e)
        default: return []
        }
    }

    /// `definitions` (v2) or `components.schemas` (v3) for `names`, plus the Patch body type.
    func definitions(_ names: [String]) -> JSONObject {
        var out = JSONObject()
        for name in names {
            if let d = schema.definitions[name] { out[name] = definition(d) }
        }
        out[Self.patchDefinition] = [
            "description": "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            "type": "object",
        ]
        return out
    }

    func definition(_ d: SchemaDefinition) -> JSONValue {
        var o = JSONObject()
        if let text = docs.description(of: d.name) { o["description"] = .string(text) }
        if let alias = d.alias {
            switch alias {
            case .quantity: o["oneOf"] = [["type": "string"], ["type": "number"]]
            case .intOrString:
                o["format"] = "int-or-string"
                if flavor == .v3 { o["oneOf"] = [["type": "integer"], ["type": "string"]] } else { o["type"] = "string" }
            case .dateTime:
                o["type"] = "string"
                o["format"] = "date-time"
            default:
                o["type"] = "object"
            }
            if flavor == .v2, alias == .quantity { o["oneOf"] = nil; o["type"] = "string" }
            return .object(o)
        }
        o["type"] = "object"
        if !d.required.isEmpty { o["required"] = .array(d.required.map { .string($0) }) }
        var properties = JSONObject()
        for field in d.fields {
            var p = property(field.type, topLevel: true)
            if let text = docs.description(of: field.name, in: d.name) {
                p = prepend(["description": .string(text)], to: p)
            }
            if let key = field.patchMergeKey { p["x-kubernetes-patch-merge-key"] = .string(key) }
            if !field.patchStrategies.isEmpty {
                p["x-kubernetes-patch-strategy"] = .string(field.patchStrategies.joined(separator: ","))
            }
            if let list = field.listType { p["x-kubernetes-list-type"] = .string(list) }
            if !field.listMapKeys.isEmpty { p["x-kubernetes-list-map-keys"] = .array(field.listMapKeys.map { .string($0) }) }
            if let map = field.mapType { p["x-kubernetes-map-type"] = .string(map) }
            properties[field.name] = .object(p)
        }
        o["properties"] = .object(properties)
        if let map = d.mapType { o["x-kubernetes-map-type"] = .string(map) }
        if !d.groupVersionKinds.isEmpty {
            o["x-kubernetes-group-version-kind"] = .array(
                d.groupVersionKinds.map {
                    ["group": .string($0.group), "kind": .string($0.kind), "version": .string($0.version)]
                })
        }
        return .object(o)
    }

    private func prepend(_ head: JSONObject, to body: JSONObject) -> JSONObject {
        var out = head
        for m in body { out[m.key] = m.value }
        return out
    }

    /// The schema object of a field's type.
    func property(_ type: FieldType, topLevel: Bool = false) -> JSONObject {
        switch type {
        case .string: return ["type": "string"]
        case .bytes: return ["type": "string", "format": "byte"]
        case .dateTime: return ["type": "string", "format": "date-time"]
        case .int32: return ["type": "integer", "format": "int32"]
        case .int64: return ["type": "integer", "format": "int64"]
        case .double: return ["type": "number", "format": "double"]
        case .boolean: return ["type": "boolean"]
        case .intOrString: return ["type": "string", "format": "int-or-string"]
        case .quantity: return ["type": "string"]
        case .any: return ["type": "object"]
        case .object(let name):
            let ref: JSONValue = .string(flavor.prefix + name)
            return flavor == .v3 ? ["allOf": [["$ref": ref]]] : ["$ref": ref]
        case .array(let element): return ["type": "array", "items": .object(property(element))]
        case .map(let element): return ["type": "object", "additionalProperties": .object(property(element))]
        }
    }
}
