/// Fills the defaults Kubernetes' generated `SetObjectDefaults_*` functions
/// fill while decoding: it walks an object along the schema and, at every
/// struct, runs the defaulter of that definition (a container's pull policy
/// wherever a container appears, a pod spec's restart policy in every pod
/// template). Kinds added later are defaulted as soon as the schema has them.
public struct SchemaDefaulter: Sendable {
    public var schema: KubeSchema
    var rules: [String: @Sendable (inout JSONObject) -> Void] = DefaultRules.all

    public init(schema: KubeSchema = .builtIn) { self.schema = schema }

    /// The object with every default filled, parents before children.
    public func apply(_ object: JSONValue, as gvk: GroupVersionKind) -> JSONValue {
        guard let definition = schema.definition(for: gvk) else { return object }
        return walk(object, .object(definition.name))
    }

    private func walk(_ value: JSONValue, _ type: FieldType) -> JSONValue {
        switch schema.resolved(type) {
        case .object(let name):
            guard case .object(var members) = value, let definition = schema.definitions[name] else { return value }
            rules[name]?(&members)
            var out = JSONObject()
            for m in members {
                if m.key == "status" && definition.field("status") != nil && definition.groupVersionKinds.isEmpty == false {
                    out[m.key] = m.value  // status is the controllers' business
                } else if let field = definition.field(m.key) {
                    out[m.key] = walk(m.value, field.type)
                } else {
                    out[m.key] = m.value
                }
            }
            return .object(out)
        case .array(let element):
            guard case .array(let items) = value else { return value }
            return .array(items.map { walk($0, element) })
        case .map(let element):
            guard case .object(let members) = value else { return value }
            var out = JSONObject()
            for m in members { out[m.key] = walk(m.value, element) }
            return .object(out)
        default:
            return value
        }
    }
}
