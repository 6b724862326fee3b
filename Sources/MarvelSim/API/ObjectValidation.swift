import MarvelCore

/// Reads and checks the object of a write as kube-apiserver does, against
/// the URL it was sent to: apiVersion and kind, the schema's field types
/// (400 with the decoder's words), unknown and duplicate fields per
/// `fieldValidation`, names and namespaces, then the semantic checks
/// (422 Invalid with a cause per field).
struct ObjectValidation {
    var type: ResourceType
    /// The namespace in the URL, if any.
    var namespace: String?
    /// The name in the URL (update, patch, apply), if any.
    var urlName: String?
    var mode: FieldValidationMode = .warn

    var gvk: GroupVersionKind { ObjectDefaults.gvk(type) }

    /// A decoded object and the warnings to send with the answer.
    struct Decoded {
        var object: JSONValue
        var warnings: [String] = []
    }

    /// Decodes a create or update body. The body's kind and apiVersion may be
    /// left out (the URL's are used), but must match the URL when present.
    func decodeBody(_ body: RequestBody) throws(APIStatus) -> Decoded {
        guard case .object = body.value else {
            throw APIStatus.badRequest(
                "the request body must be one \(type.kind) object (a JSON or YAML mapping), not \(GoValueText.typeName(body.value))")
        }
        var object = body.value
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = object["kind"]?.stringValue ?? ""
        if !apiVersion.isEmpty, apiVersion != type.apiVersion {
            throw APIStatus.badRequest(
                "the API version in the data (\(apiVersion)) does not match the expected API version (\(type.apiVersion))")
        }
        if !kind.isEmpty, kind != type.kind {
            throw APIStatus.badRequest(
                "\(kind) in version \(GoValueText.quoted(type.version)) cannot be handled as a \(type.kind): "
                    + "the body is a \(kind), but \(type.name) hold \(type.kind) objects")
        }
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        guard let result = SchemaDecoder(dialect: .json).decode(object, as: gvk) else { return Decoded(object: object) }
        if let error = result.typeErrors.first { throw cannotBeHandled(error.message) }
        let strict = result.unknownFieldMessages + body.duplicateFields.map { "duplicate field \"\($0)\"" }
        switch mode {
        case .strict where !strict.isEmpty:
            throw cannotBeHandled("strict decoding error: " + strict.joined(separator: ", "))
        case .warn: return Decoded(object: result.object, warnings: strict)
        default: return Decoded(object: result.object)
        }
    }

    private func cannotBeHandled(_ detail: String) -> APIStatus {
        .badRequest("\(type.kind) in version \(GoValueText.quoted(type.version)) cannot be handled as a \(type.kind): \(detail)")
    }

    /// Decodes the result of a patch. Type errors and (in Strict mode) unknown fields
    /// are a 422 on the field `patch`, showing `shownPatch`, as the server reports them.
    func decodePatched(
        _ object: JSONValue, dialect: DecodeDialect, shownPatch: String, patchStrictErrors: [String] = []
    ) throws(APIStatus) -> Decoded {
        guard let result = SchemaDecoder(dialect: dialect).decode(object, as: gvk) else { return Decoded(object: object) }
        func patchInvalid(_ detail: String) -> APIStatus {
            APIStatus.invalid(
                kind: "", group: "", name: "",
                errors: [FieldError(kind: .invalid, field: FieldPath("patch"), badValue: GoValueText.quoted(shownPatch), detail: detail)])
        }
        if let error = result.typeErrors.first { throw patchInvalid(error.message) }
        let strict = patchStrictErrors + result.unknownFieldMessages
        switch mode {
        case .strict where !strict.isEmpty: throw patchInvalid("strict decoding error: " + strict.joined(separator: ", "))
        case .warn: return Decoded(object: result.object, warnings: strict)
        default: return Decoded(object: result.object)
        }
    }

    /// The object's name and namespace against the URL's.
    func checkIdentity(_ object: JSONValue) throws(APIStatus) {
        let name = object.at("metadata", "name")?.stringValue ?? ""
        if let urlName, name != urlName {
            throw APIStatus.badRequest("the name of the object (\(name)) does not match the name on the URL (\(urlName))")
        }
        if let bodyNamespace = object.at("metadata", "namespace")?.stringValue, !bodyNamespace.isEmpty,
            let namespace, type.namespaced, bodyNamespace != namespace
        {
            throw APIStatus.badRequest(
                "the namespace of the provided object does not match the namespace sent on the request")
        }
    }

    /// The semantic checks of a new object (already defaulted).
    func validateNew(_ object: JSONValue) throws(APIStatus) {
        let errors = ObjectValidator().validate(object, as: gvk, namespaced: type.namespaced)
        if !errors.isEmpty { throw invalid(object, errors) }
    }

    /// The semantic checks of an update, including the fields a kind never lets change.
    func validateUpdate(_ object: JSONValue, old: JSONValue) throws(APIStatus) {
        let errors = ObjectValidator().validateUpdate(object, old: old, as: gvk, namespaced: type.namespaced)
        if !errors.isEmpty { throw invalid(object, errors) }
    }

    private func invalid(_ object: JSONValue, _ errors: [FieldError]) -> APIStatus {
        APIStatus.invalid(
            kind: type.kind, group: type.group, name: object.at("metadata", "name")?.stringValue ?? "", errors: errors)
    }
}
