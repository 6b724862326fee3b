/// The type of one field of a Kubernetes object, as the API schema declares it.
/// Definitions (structs) are named by their OpenAPI name, e.g.
/// `io.k8s.api.core.v1.Container`.
public indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case string
    /// A base64 string holding bytes (`Secret.data` values).
    case bytes
    /// An RFC 3339 timestamp (`metav1.Time`).
    case dateTime
    case int32
    case int64
    case double
    case boolean
    /// `intstr.IntOrString`: an integer or a string (`targetPort`, `maxSurge`).
    case intOrString
    /// `resource.Quantity`: a string such as `100m` or a number.
    case quantity
    /// Any JSON value, kept as it is (`FieldsV1`, `RawExtension`).
    case any
    /// A struct: the named definition.
    case object(String)
    case array(FieldType)
    /// A map with string keys and values of the element type.
    case map(FieldType)

    /// True for the types whose JSON form is always a string.
    public var isString: Bool {
        switch self {
        case .string, .bytes, .dateTime: return true
        default: return false
        }
    }

    /// The element type of an array or the value type of a map.
    public var elementType: FieldType? {
        switch self {
        case .array(let e), .map(let e): return e
        default: return nil
        }
    }

    /// The definition name of a struct type.
    public var definitionName: String? {
        if case .object(let name) = self { return name }
        return nil
    }

    /// The short names kubectl explain prints: `string`, `integer`, `Object`, `[]Container`,
    /// `map[string]string`, `IntOrString`, `Quantity`.
    public var description: String {
        switch self {
        case .string, .bytes, .dateTime: return "string"
        case .int32, .int64: return "integer"
        case .double: return "number"
        case .boolean: return "boolean"
        case .intOrString: return "IntOrString"
        case .quantity: return "Quantity"
        case .any: return "Object"
        case .object(let name): return String(name.split(separator: ".").last ?? "Object")
        case .array(let e): return "[]" + e.description
        case .map(let e): return "map[string]" + e.description
        }
    }
}
