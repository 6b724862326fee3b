import MarvelCore

/// Checks an object sent for create or apply against the URL it was sent
/// to: apiVersion and kind of the resource, a DNS-1123 name, the namespace.
/// Field problems become one 422 Invalid Status with a cause per field.
struct ObjectValidation {
    var type: ResourceType
    /// The namespace in the URL, if any.
    var namespace: String?
    /// The name in the URL (apply), if any.
    var urlName: String?

    func check(_ object: JSONValue, allowGenerateName: Bool = false) throws(APIStatus) {
        guard case .object = object else {
            throw APIStatus.badRequest("the request body must be one \(type.kind) object (a JSON or YAML mapping)")
        }
        var causes: [(field: String, message: String, reason: String)] = []
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        if apiVersion != type.apiVersion {
            causes.append(
                ("apiVersion", "Invalid value: \"\(apiVersion)\": must be \(type.apiVersion) for \(type.name)",
                    "FieldValueInvalid"))
        }
        if kind != type.kind {
            causes.append(("kind", "Invalid value: \"\(kind)\": must be \(type.kind) for \(type.name)", "FieldValueInvalid"))
        }
        let name = object.at("metadata", "name")?.stringValue ?? ""
        let generateName = object.at("metadata", "generateName")?.stringValue ?? ""
        if name.isEmpty {
            if !(allowGenerateName && !generateName.isEmpty) {
                causes.append(("metadata.name", "Required value: name or generateName is required", "FieldValueRequired"))
            }
        } else if let problem = Self.dns1123Problem(name) {
            causes.append(("metadata.name", "Invalid value: \"\(name)\": \(problem)", "FieldValueInvalid"))
        }
        if !causes.isEmpty {
            let summary = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
            throw APIStatus(
                code: 422, reason: "Invalid", message: "\(type.kind) \"\(name)\" is invalid: \(summary)",
                name: name.isEmpty ? nil : name, kind: type.kind,
                causes: causes.map {
                    ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)]
                })
        }
        if let urlName, name != urlName {
            throw APIStatus.badRequest(
                "the name of the object (\(name)) does not match the name on the URL (\(urlName))")
        }
        if let bodyNamespace = object.at("metadata", "namespace")?.stringValue, !bodyNamespace.isEmpty,
            let namespace, bodyNamespace != namespace
        {
            throw APIStatus.badRequest(
                "the namespace of the provided object (\(bodyNamespace)) does not match the namespace sent on the request (\(namespace))"
            )
        }
    }

    /// Why `name` is not a DNS-1123 subdomain, or nil when it is one.
    static func dns1123Problem(_ name: String) -> String? {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E
        }
        let alnum: (UInt8?) -> Bool = { c in c.map { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) } ?? false }
        if name.utf8.count > 253 { return "must be no more than 253 characters" }
        if !allowed || !alnum(name.utf8.first) || !alnum(name.utf8.last) {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        }
        return nil
    }
}
