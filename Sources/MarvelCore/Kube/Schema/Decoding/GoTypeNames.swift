/// The Go types behind schema field types, named as Go's reflection prints
/// them in decoder errors (`string`, `int32`, `[]v1.Container`, `v1.ResourceList`).
extension KubeSchema {
    func goTypeName(_ type: FieldType) -> String {
        switch type {
        case .string, .dateTime: return "string"
        case .bytes: return "[]uint8"
        case .int32: return "int32"
        case .int64: return "int64"
        case .double: return "float64"
        case .boolean: return "bool"
        case .intOrString: return "intstr.IntOrString"
        case .quantity: return "resource.Quantity"
        case .any: return "runtime.RawExtension"
        case .object(let name):
            if let alias = definitions[name]?.alias {
                if case .dateTime = alias { return "v1.Time" }
                return goTypeName(alias)
            }
            return definitions[name]?.goQualifiedName ?? name
        case .array(let e): return "[]" + goTypeName(e)
        case .map(let e):
            if case .quantity = resolved(e) { return "v1.ResourceList" }
            return "map[string]" + goTypeName(e)
        }
    }

    /// Go's reflect kind of the field's type, as the unstructured converter names it.
    func goKindName(_ type: FieldType) -> String {
        switch resolved(type) {
        case .string, .dateTime: return "string"
        case .int32: return "int32"
        case .int64: return "int64"
        case .double: return "float64"
        case .boolean: return "bool"
        case .bytes, .array: return "slice"
        case .map: return "map"
        default: return "struct"
        }
    }
}
