import MarvelCore

/// One PATCH of a stored object (all but server-side apply): applies the
/// patch, decodes the result against the schema in the words the server's
/// reader for that patch type uses, defaults it and validates the update.
struct ObjectPatch {
    /// The patch types kube-apiserver accepts besides apply, by Content-Type.
    enum Kind: String {
        case json = "application/json-patch+json"
        case merge = "application/merge-patch+json"
        case strategic = "application/strategic-merge-patch+json"
    }

    /// The most operations one JSON patch may hold.
    static let maxJSONPatchOperations = 10_000

    var kind: Kind
    var type: ResourceType
    var namespace: String?
    var name: String
    var mode: FieldValidationMode

    /// The object to store, the warnings to send, and the resourceVersion the patch
    /// itself demands (a precondition), if it sets one.
    struct Result {
        var object: JSONValue
        var warnings: [String]
        var preconditionVersion: String?
    }

    func apply(_ body: RequestBody, to existing: JSONValue) throws(APIStatus) -> Result {
        let check = ObjectValidation(type: type, namespace: namespace, urlName: name, mode: mode)
        let duplicates = body.duplicateFields.map { "duplicate field \"\($0)\"" }
        let decoded: ObjectValidation.Decoded
        do {
            switch kind {
            case .json:
                let ops = try JSONPatch.operations(body.value)
                if ops.count > Self.maxJSONPatchOperations {
                    throw APIStatus(
                        code: 413, reason: "RequestEntityTooLarge",
                        message: "The allowed maximum operations in a JSON patch is \(Self.maxJSONPatchOperations), got \(ops.count)")
                }
                let patched = try JSONPatch.apply(ops, to: existing)
                decoded = try check.decodePatched(
                    patched, dialect: .json, shownPatch: GoValueText.json(patched),
                    patchStrictErrors: duplicates.map { "json patch " + $0 })
            case .merge:
                guard case .object = body.value else { throw APIStatus.badRequest("Invalid JSON Patch") }
                let patched = MergePatch.apply(body.value, to: existing)
                decoded = try check.decodePatched(
                    patched, dialect: .json, shownPatch: GoValueText.json(patched), patchStrictErrors: duplicates)
            case .strategic:
                let patched = try StrategicMergePatch().apply(body.value, to: existing, as: check.gvk)
                decoded = try check.decodePatched(
                    patched, dialect: .unstructured, shownPatch: GoValueText.plain(body.value), patchStrictErrors: duplicates)
            }
        } catch let error as PatchError {
            throw error.status
        } catch let error as APIStatus {
            throw error
        } catch {
            throw APIStatus(code: 500, reason: "InternalError", message: "\(error)")
        }
        try check.checkIdentity(decoded.object)
        var object = decoded.object
        object["apiVersion"] = .string(type.apiVersion)
        object["kind"] = .string(type.kind)
        let version = object.at("metadata", "resourceVersion")?.stringValue
        let precondition = version != existing.at("metadata", "resourceVersion")?.stringValue ? version : nil
        let prepared = ObjectDefaults.prepareUpdate(object, old: existing, type: type)
        try check.validateUpdate(prepared, old: existing)
        return Result(object: prepared, warnings: decoded.warnings, preconditionVersion: precondition.flatMap { $0.isEmpty ? nil : $0 })
    }
}
