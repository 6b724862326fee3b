import MarvelCore

/// Server-side apply of one object: checks the applied configuration against
/// the schema (in structured-merge-diff's words), creates the object when
/// absent or merges the applied fields into it, defaults and validates the
/// result, and records the field manager in `metadata.managedFields`: fields
/// it applied before and no longer sends are removed (unless another manager
/// owns them), and changing another manager's field is a 409 conflict unless
/// `force` (see `ApplyOwnership`).
struct ServerSideApply {
    var type: ResourceType
    var namespace: String?
    var name: String
    var fieldManager: String
    /// `metadata.managedFields[].time`.
    var time: String
    /// `?force=true`: take over the fields other managers own instead of a conflict.
    var force = false

    /// The applied configuration from a YAML or JSON body (also read by the scale subresource).
    static func parseBody(_ body: [UInt8]) throws(APIStatus) -> JSONValue {
        let parsed = try RequestBody.parse(body, contentType: "")
        guard case .object = parsed.value else {
            throw APIStatus.badRequest("the request body must be one object (a JSON or YAML mapping)")
        }
        return parsed.value
    }

    /// The object as it will be stored. `existing` is the stored object, if any.
    func result(applying applied: JSONValue, to existing: JSONValue?) throws(APIStatus) -> JSONValue {
        guard case .object = applied else {
            throw APIStatus.badRequest("the apply body must be one \(type.kind) object (a JSON or YAML mapping)")
        }
        let check = ObjectValidation(type: type, namespace: namespace, urlName: name, mode: .strict)
        let apiVersion = applied["apiVersion"]?.stringValue ?? ""
        let kind = applied["kind"]?.stringValue ?? ""
        if apiVersion != type.apiVersion || kind != type.kind {
            throw APIStatus.badRequest(
                "the applied object is \(kind.isEmpty ? "missing its kind" : kind) \(apiVersion); "
                    + "\(type.name) hold \(type.apiVersion) \(type.kind) objects (apiVersion and kind are required in apply)")
        }
        if let decoded = SchemaDecoder(dialect: .apply).decode(applied, as: check.gvk), !decoded.typeErrors.isEmpty {
            let errors = decoded.typeErrors.map(\.message)
            let text = errors.count == 1 ? errors[0] : "errors:\n" + errors.map { "  " + $0 }.joined(separator: "\n")
            throw APIStatus(
                code: 500, reason: "",
                message: "failed to create typed patch object (\(namespace ?? "")/\(name); \(check.gvk)): \(text)")
        }
        try check.checkIdentity(applied)
        if applied.at("metadata", "managedFields") != nil {
            throw APIStatus.badRequest("metadata.managedFields must be nil")
        }
        var config = applied
        if let namespace { config["metadata"]?["namespace"] = .string(namespace) }
        config["status"] = nil
        for key in ["uid", "resourceVersion", "creationTimestamp", "generation"] { config["metadata"]?[key] = nil }

        let ownership = ApplyOwnership(manager: fieldManager, force: force, apiVersion: type.apiVersion, time: time)
        var object: JSONValue
        let managed: [JSONValue]
        if let existing {
            let owned = try ownership.resolve(
                existing: existing, merged: ApplyMerge.merge(existing, config), config: config, fields: ownedFields(config))
            let merged = try Self.typed(owned.object, check.gvk)
            object = ObjectDefaults.prepareUpdate(merged, old: existing, type: type)
            try check.validateUpdate(object, old: existing)
            managed = owned.managedFields
        } else {
            object = ObjectDefaults.prepareNew(try Self.typed(config, check.gvk), type: type)
            try check.validateNew(object)
            managed = try ownership.resolve(existing: nil, merged: object, config: config, fields: ownedFields(config)).managedFields
        }
        object["metadata"]?["managedFields"] = .array(managed)
        return object
    }

    /// The merged object as the server's Go types hold it: a value structured-merge-diff lets
    /// through but no Go field can take (1.5 replicas) is an error, not stored.
    private static func typed(_ object: JSONValue, _ gvk: GroupVersionKind) throws(APIStatus) -> JSONValue {
        guard let decoded = SchemaDecoder(dialect: .json).decode(object, as: gvk) else { return object }
        if let error = decoded.typeErrors.first {
            throw APIStatus(code: 500, reason: "", message: "failed to convert the applied object to \(gvk): \(error.message)")
        }
        return decoded.object
    }

    /// The fields an applied configuration owns (identity fields excluded, as kube-apiserver does).
    private func ownedFields(_ config: JSONValue) -> FieldPathSet {
        var fields = config
        fields["apiVersion"] = nil
        fields["kind"] = nil
        fields["metadata"]?["name"] = nil
        fields["metadata"]?["namespace"] = nil
        if fields["metadata"]?.objectValue?.isEmpty ?? false { fields["metadata"] = nil }
        return FieldPathSet(fieldsV1: ApplyMerge.fieldSet(fields))
    }
}
