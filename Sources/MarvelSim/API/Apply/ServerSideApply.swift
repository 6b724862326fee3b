import MarvelCore

/// Server-side apply of one object: validates the applied configuration,
/// creates the object when absent or merges the applied fields into it, and
/// records the field manager in `metadata.managedFields`.
struct ServerSideApply {
    var type: ResourceType
    var namespace: String?
    var name: String
    var fieldManager: String
    /// `metadata.managedFields[].time`.
    var time: String

    /// The applied configuration from a YAML or JSON body.
    static func parseBody(_ body: [UInt8]) throws(APIStatus) -> JSONValue {
        let text = String(decoding: body, as: UTF8.self)
        let documents: [JSONValue]
        do {
            documents = try YAML.load(text, file: "request body")
        } catch {
            throw APIStatus.badRequest("error decoding YAML: \(error)")
        }
        guard documents.count == 1, case .object = documents[0] else {
            throw APIStatus.badRequest(
                "the apply body must be exactly one object (got \(documents.count) documents); apply objects one at a time")
        }
        return documents[0]
    }

    /// The object as it will be stored. `existing` is the stored object, if any.
    func result(applying applied: JSONValue, to existing: JSONValue?) throws(APIStatus) -> JSONValue {
        try ObjectValidation(type: type, namespace: namespace, urlName: name).check(applied)
        if applied.at("metadata", "managedFields") != nil {
            throw APIStatus.badRequest("metadata.managedFields must be nil in an apply request; remove it from the body")
        }
        var config = applied
        if let namespace { config["metadata"]?["namespace"] = .string(namespace) }
        config["status"] = nil
        for key in ["uid", "resourceVersion", "creationTimestamp", "generation"] { config["metadata"]?[key] = nil }

        var object: JSONValue
        if let existing {
            object = ApplyMerge.merge(existing, config)
            if existing["spec"] != object["spec"] {
                let generation = existing.at("metadata", "generation")?.intValue ?? 1
                object["metadata"]?["generation"] = .int(generation + 1)
            }
        } else {
            object = ObjectDefaults.prepareNew(config, type: type)
        }
        object["metadata"]?["managedFields"] = .array(managedFields(existing: existing, config: config))
        return object
    }

    private func managedFields(existing: JSONValue?, config: JSONValue) -> [JSONValue] {
        var fields = config
        fields["apiVersion"] = nil
        fields["kind"] = nil
        fields["metadata"]?["name"] = nil
        fields["metadata"]?["namespace"] = nil
        if fields["metadata"]?.objectValue?.isEmpty ?? false { fields["metadata"] = nil }
        let entry: JSONValue = [
            "manager": .string(fieldManager), "operation": "Apply", "apiVersion": .string(type.apiVersion),
            "time": .string(time), "fieldsType": "FieldsV1", "fieldsV1": ApplyMerge.fieldSet(fields),
        ]
        let others = (existing?.at("metadata", "managedFields")?.arrayValue ?? []).filter {
            !($0["manager"]?.stringValue == fieldManager && $0["operation"]?.stringValue == "Apply")
        }
        return others + [entry]
    }
}
