/// One validation of one object: the errors found so far and the small
/// helpers every rule uses. Rules live in extensions, one file per area,
/// and follow kube-apiserver 1.30's order so messages list as the server lists them.
final class ValidationRun {
    let schema: KubeSchema
    var errors: [FieldError] = []

    init(schema: KubeSchema) { self.schema = schema }

    func add(_ error: FieldError) { errors.append(error) }

    func string(_ value: JSONValue?) -> String { value?.stringValue ?? "" }

    func object(_ value: JSONValue?) -> JSONObject { value?.objectValue ?? JSONObject() }

    func array(_ value: JSONValue?) -> [JSONValue] { value?.arrayValue ?? [] }

    /// ValidateNonnegativeField: `Invalid value: -1: must be greater than or equal to 0`.
    func nonNegative(_ value: JSONValue?, _ path: FieldPath) {
        guard let v = value, let n = v.intValue, n < 0 else { return }
        add(.invalid(path, v, "must be greater than or equal to 0"))
    }

    /// One `Invalid value` error per message of a name check.
    func invalid(_ value: String, _ path: FieldPath, _ messages: [String]) {
        for m in messages { add(.invalid(path, .string(value), m)) }
    }

    /// A value that must be one of `supported` (empty means Required).
    func oneOf(_ value: JSONValue?, _ supported: [String], _ path: FieldPath, required: Bool = true) {
        let s = string(value)
        if s.isEmpty {
            if required { add(.required(path)) }
        } else if !supported.contains(s) {
            add(.notSupported(path, .string(s), supported))
        }
    }
}
