/// Reads an object against the schema as the API server reads a request body
/// into its Go types: values of the wrong JSON type are errors worded as the
/// server words them, unknown fields are reported (and dropped), nulls vanish.
///
///     let result = SchemaDecoder().decode(body, as: gvk)
///     result?.typeErrors.first?.message
///     // json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string
public struct SchemaDecoder: Sendable {
    public var schema: KubeSchema
    public var dialect: DecodeDialect

    public init(schema: KubeSchema = .builtIn, dialect: DecodeDialect = .json) {
        self.schema = schema
        self.dialect = dialect
    }

    /// Decodes an object of kind `gvk`; nil when the schema does not know the kind.
    public func decode(_ object: JSONValue, as gvk: GroupVersionKind) -> SchemaDecodeResult? {
        guard let definition = schema.definition(for: gvk) else { return nil }
        return decode(object, type: .object(definition.name))
    }

    /// Decodes a value of any schema type.
    public func decode(_ value: JSONValue, type: FieldType) -> SchemaDecodeResult {
        let walker = DecodeWalker(schema: schema, dialect: dialect)
        let object = walker.walk(value, type: type, at: DecodeLocation(), listKeys: []) ?? .null
        return SchemaDecodeResult(object: object, unknownFields: walker.unknownFields, typeErrors: walker.errors)
    }
}

/// Where the walk is, in the three ways the server's readers print it.
struct DecodeLocation {
    /// The innermost Go struct (the JSON decoder's error context).
    var goStruct: String?
    /// Struct field names from the root (arrays and map keys add nothing).
    var fieldStack: [String] = []
    /// Strict decoding's path: `spec.containers[0].name`.
    var strict = ""
    /// structured-merge-diff's path: `.spec.containers[name="web"].name`.
    var apply = ""

    func field(_ name: String, of structName: String) -> DecodeLocation {
        var l = self
        l.goStruct = structName
        l.fieldStack.append(name)
        l.strict = strict.isEmpty ? name : strict + "." + name
        l.apply = apply + "." + name
        return l
    }

    func item(_ index: Int, keyedBy keys: [String], in item: JSONValue) -> DecodeLocation {
        var l = self
        l.strict = strict + "[\(index)]"
        let keyParts = keys.compactMap { key in item[key].map { "\(key)=\($0.jsonString())" } }
        l.apply = apply + (keys.isEmpty || keyParts.count != keys.count ? "[\(index)]" : "[" + keyParts.joined(separator: ",") + "]")
        return l
    }

    func mapKey(_ key: String) -> DecodeLocation {
        var l = self
        l.strict = strict.isEmpty ? key : strict + "." + key
        l.apply = apply + "." + key
        return l
    }
}

/// One decode: walks the value, collects unknown fields and type errors.
final class DecodeWalker {
    let schema: KubeSchema
    let dialect: DecodeDialect
    var unknownFields: [String] = []
    var errors: [SchemaTypeError] = []

    init(schema: KubeSchema, dialect: DecodeDialect) {
        self.schema = schema
        self.dialect = dialect
    }

    /// The JSON decoder and the converter stop at the first type error.
    private var stopped: Bool { dialect != .apply && !errors.isEmpty }

    /// The decoded value, or nil when the field is dropped (null).
    func walk(_ value: JSONValue, type: FieldType, at loc: DecodeLocation, listKeys: [String]) -> JSONValue? {
        if value.isNull { return Optional<JSONValue>.none }  // not `nil`: JSONValue is nil-literal expressible
        if stopped { return value }
        let resolved = schema.resolved(type)
        switch resolved {
        case .any:
            return value
        case .string:
            if case .string = value { return value }
        case .dateTime:
            if case .string(let s) = value {
                if let problem = ScalarFormats.timeProblem(s), dialect != .apply { fail(problem, at: loc) }
                return value
            }
        case .bytes:
            if case .string(let s) = value {
                if let problem = ScalarFormats.base64Problem(s), dialect != .apply {
                    fail(dialect == .json ? problem : "error decoding from json: " + problem, at: loc)
                }
                return value
            }
            if dialect == .json, case .array = value { return value }
        case .int32, .int64:
            if let n = integer(value) {
                if case .int32 = resolved, n < Int(Int32.min) || n > Int(Int32.max) {
                    mismatch(value, expected: resolved, at: loc, literal: true)
                    return value
                }
                return .int(n)
            }
            if case .double = value {
                if dialect == .apply { return value }
                mismatch(value, expected: resolved, at: loc, literal: true)
                return value
            }
        case .double:
            if case .int = value { return value }
            if case .double = value { return value }
        case .boolean:
            if case .bool = value { return value }
        case .intOrString:
            if case .string = value { return value }
            if let n = integer(value), n >= Int(Int32.min), n <= Int(Int32.max) { return .int(n) }
            if value.doubleValue != nil {
                mismatch(value, expected: resolved, at: loc, literal: true)
                return value
            }
        case .quantity:
            switch value {
            case .string(let s):
                if let problem = ScalarFormats.quantityProblem(s), dialect != .apply { fail(problem, at: loc) }
                return value
            case .int(let i): return .string(String(i))
            case .double(let d):
                if let q = try? Quantity(parsing: GoValueText.float(d)) { return .string(q.description) }
                return value
            default:
                if dialect != .apply {
                    fail(ScalarFormats.quantityFormatError, at: loc)
                    return value
                }
            }
        case .object(let name):
            if case .object(let members) = value, let definition = schema.definitions[name] {
                return .object(walkStruct(members, definition, at: loc))
            }
        case .array(let element):
            if case .array(let items) = value {
                var out: [JSONValue] = []
                for (i, item) in items.enumerated() {
                    let itemLoc = loc.item(i, keyedBy: listKeys, in: item)
                    if item.isNull {
                        out.append(zeroValue(element))
                    } else if let v = walk(item, type: element, at: itemLoc, listKeys: []) {
                        out.append(v)
                    }
                }
                return .array(out)
            }
        case .map(let element):
            if case .object(let members) = value {
                var out = JSONObject()
                for m in members {
                    if m.value.isNull {
                        out[m.key] = zeroValue(element)
                    } else if let v = walk(m.value, type: element, at: loc.mapKey(m.key), listKeys: []) {
                        out[m.key] = v
                    }
                }
                return .object(out)
            }
        }
        mismatch(value, expected: resolved, at: loc, literal: false)
        return value
    }

    private func walkStruct(_ members: JSONObject, _ definition: SchemaDefinition, at loc: DecodeLocation) -> JSONObject {
        var out = JSONObject()
        for m in members {
            guard let field = definition.field(m.key) else {
                if dialect == .apply {
                    errors.append(
                        SchemaTypeError(
                            path: loc.mapKey(m.key).strict,
                            message: "\(loc.apply).\(m.key): field not declared in schema"))
                    return out  // structured-merge-diff stops reading this map
                }
                unknownFields.append(loc.strict.isEmpty ? m.key : loc.strict + "." + m.key)
                continue
            }
            let fieldLoc = loc.field(m.key, of: definition.goName)
            let keys = field.listType == "map" ? field.listMapKeys : []
            if let v = walk(m.value, type: field.type, at: fieldLoc, listKeys: keys) { out[m.key] = v }
        }
        return out
    }

    /// An integral JSON number as an Int (2.0 counts: YAML and kubectl write it so).
    private func integer(_ value: JSONValue) -> Int? {
        switch value {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 9.2e18: return Int(d)
        default: return nil
        }
    }

    /// Go fills a null list item or map value with the element type's zero value.
    private func zeroValue(_ type: FieldType) -> JSONValue {
        switch schema.resolved(type) {
        case .string, .bytes: return ""
        case .int32, .int64, .double: return 0
        case .boolean: return false
        case .object: return [:]
        default: return .null
        }
    }

    private func fail(_ message: String, at loc: DecodeLocation) {
        errors.append(SchemaTypeError(path: loc.strict, message: message))
    }

    /// A value whose JSON type does not fit `expected`, worded per dialect.
    private func mismatch(_ value: JSONValue, expected: FieldType, at loc: DecodeLocation, literal: Bool) {
        switch dialect {
        case .json: fail(jsonDecoderMessage(value, expected, loc, literal: literal), at: loc)
        case .unstructured: fail(converterMessage(value, expected), at: loc)
        case .apply: fail("\(loc.apply): " + applyMessage(value, expected), at: loc)
        }
    }

    private func jsonValueWord(_ value: JSONValue, literal: Bool) -> String {
        switch value {
        case .string: return "string"
        case .bool: return "bool"
        case .object: return "object"
        case .array: return "array"
        case .int(let i): return literal ? "number \(i)" : "number"
        case .double(let d): return literal ? "number \(GoValueText.float(d))" : "number"
        case .null: return "null"
        }
    }

    private func jsonDecoderMessage(_ value: JSONValue, _ expected: FieldType, _ loc: DecodeLocation, literal: Bool)
        -> String
    {
        var goType = schema.goTypeName(expected)
        switch expected {
        case .intOrString: goType = "int32"
        case .dateTime: goType = "string"
        default: break
        }
        let word = jsonValueWord(value, literal: literal)
        guard let goStruct = loc.goStruct else { return "json: cannot unmarshal \(word) into Go value of type \(goType)" }
        return "json: cannot unmarshal \(word) into Go struct field \(goStruct).\(loc.fieldStack.joined(separator: ".")) "
            + "of type \(goType)"
    }

    private func converterMessage(_ value: JSONValue, _ expected: FieldType) -> String {
        let from = GoValueText.kindName(value)
        switch expected {
        case .string:
            if case .int = value { return "cannot convert int64 to string" }
            return "unrecognized type: string"
        case .int32, .int64:
            let to = expected == .int32 ? "int32" : "int64"
            if case .double = value { return "cannot convert float64 to \(to)" }
            return "unrecognized type: \(to)"
        case .double: return "unrecognized type: float64"
        case .boolean: return "unrecognized type: bool"
        case .dateTime:
            return "json: cannot unmarshal \(jsonValueWord(value, literal: false)) into Go value of type string"
        case .intOrString:
            return "json: cannot unmarshal \(jsonValueWord(value, literal: true)) into Go value of type int32"
        case .object: return "cannot restore struct from: \(from)"
        case .array, .bytes: return "cannot restore slice from \(from)"
        case .map: return "cannot restore map from \(from)"
        case .quantity: return ScalarFormats.quantityFormatError
        case .any: return "unrecognized type: interface"
        }
    }

    private func applyMessage(_ value: JSONValue, _ expected: FieldType) -> String {
        switch expected {
        case .string, .bytes, .dateTime:
            return "expected string, got &value.valueUnstructured{Value:\(GoValueText.goSyntax(value))}"
        case .int32, .int64, .double: return "expected numeric (int or float), got \(GoValueText.typeName(value))"
        case .boolean: return "expected boolean, got &{\(GoValueText.plain(value))}"
        case .intOrString, .quantity, .any: return "expected any scalar, got &{\(GoValueText.plain(value))}"
        case .object, .map: return "expected map, got &{\(GoValueText.plain(value))}"
        case .array: return "expected list, got &{\(GoValueText.plain(value))}"
        }
    }
}
