import MarvelCore
import MarvelNet

/// The writes of the API: create (POST), update (PUT), delete (DELETE,
/// cascading to the objects the deleted one owns) and patch (PATCH: strategic
/// merge, JSON merge, JSON patch and server-side apply). Every object is
/// decoded against the schema, defaulted and validated as kube-apiserver does.
extension KubeAPIHandler {
    func create(_ r: ResourceRequest, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        try requireVerb("create", r, request)
        if r.type.namespaced && r.namespace == nil {
            throw APIStatus.badRequest(
                "\(r.type.name) are namespaced: POST to /…/namespaces/NAMESPACE/\(r.type.name)")
        }
        let options = try WriteOptions(request, kind: "CreateOptions")
        let check = ObjectValidation(type: r.type, namespace: r.namespace, urlName: nil, mode: options.fieldValidation)
        let body = try RequestBody.parse(request.body, contentType: request.headers["content-type"] ?? "")
        let decoded = try check.decodeBody(body)
        try check.checkIdentity(decoded.object)
        var object = decoded.object
        for key in ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"] {
            object["metadata"]?[key] = nil
        }
        if r.type.namespaced {
            object["metadata"]?["namespace"] = r.namespace.map { .string($0) }
        } else {
            object["metadata"]?["namespace"] = nil
        }
        if (object.at("metadata", "name")?.stringValue ?? "").isEmpty,
            let prefix = object.at("metadata", "generateName")?.stringValue, !prefix.isEmpty
        {
            object["metadata"]?["name"] = .string(prefix + NameSuffix.random())
        }
        let prepared = ObjectDefaults.prepareNew(object, type: r.type)
        try check.validateNew(prepared)
        if options.dryRun { return ServerResponse.json(prepared, status: 201).withWarnings(decoded.warnings) }
        do {
            return ServerResponse.json(try store.create(r.type.name, prepared), status: 201).withWarnings(decoded.warnings)
        } catch {
            throw APIStatus(error)
        }
    }

    /// PUT: replaces an object; `metadata.resourceVersion`, when sent, must be the stored one.
    func update(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        try requireVerb("patch", r, request)
        let options = try WriteOptions(request, kind: "UpdateOptions")
        let check = ObjectValidation(type: r.type, namespace: r.namespace, urlName: name, mode: options.fieldValidation)
        let body = try RequestBody.parse(request.body, contentType: request.headers["content-type"] ?? "")
        let decoded = try check.decodeBody(body)
        try check.checkIdentity(decoded.object)
        guard let existing = store.get(r.type.name, namespace: r.namespace ?? "", name: name) else {
            throw APIStatus.notFound(resource: r.type.name, name: name)
        }
        var object = decoded.object
        object["metadata"]?["namespace"] = r.type.namespaced ? r.namespace.map { .string($0) } : nil
        object["metadata"]?["managedFields"] = existing.at("metadata", "managedFields")
        let prepared = ObjectDefaults.prepareUpdate(object, old: existing, type: r.type)
        try check.validateUpdate(prepared, old: existing)
        if options.dryRun { return ServerResponse.json(prepared).withWarnings(decoded.warnings) }
        do {
            return ServerResponse.json(try store.update(r.type.name, prepared)).withWarnings(decoded.warnings)
        } catch {
            throw APIStatus(error)
        }
    }

    func delete(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        try requireVerb("delete", r, request)
        let namespace = r.namespace ?? ""
        guard let existing = store.get(r.type.name, namespace: namespace, name: name) else {
            throw APIStatus.notFound(resource: r.type.name, name: name)
        }
        if Self.isDryRun(request) { return .json(existing) }
        do {
            let deleted = try store.delete(r.type.name, namespace: namespace, name: name)
            let options = (try? JSONValue.parse(request.body)) ?? [:]
            let policy = request.query["propagationPolicy"] ?? options["propagationPolicy"]?.stringValue ?? "Background"
            if let uid = deleted.at("metadata", "uid")?.stringValue, policy != "Orphan" {
                OwnerCascade(store: store).deleteDependents(ofUID: uid, namespace: namespace)
            }
            return .json(deleted)
        } catch {
            throw APIStatus(error)
        }
    }

    func patch(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        guard r.type.verbs.contains("patch") else { throw .methodNotAllowed(request.method, path: request.path) }
        let contentType = (request.headers["content-type"] ?? "").lowercased()
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if mediaType == "application/apply-patch+yaml" || mediaType == "application/apply-patch+cbor" {
            return try apply(r, name: name, request: request)
        }
        guard let patchType = ObjectPatch.Kind(rawValue: mediaType) else {
            throw APIStatus(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format - accepted media types include: "
                    + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                    + "application/strategic-merge-patch+json")
        }
        let options = try WriteOptions(request, kind: "PatchOptions")
        let body = try RequestBody.parse(request.body, contentType: "application/json")
        let patcher = ObjectPatch(
            kind: patchType, type: r.type, namespace: r.namespace, name: name, mode: options.fieldValidation)
        let namespace = r.namespace ?? ""
        // As the API server's update loop: re-read and re-apply when another writer got in between.
        for _ in 0..<5 {
            guard let existing = store.get(r.type.name, namespace: namespace, name: name) else {
                throw APIStatus.notFound(resource: r.type.name, name: name)
            }
            let result = try patcher.apply(body, to: existing)
            if options.dryRun { return ServerResponse.json(result.object).withWarnings(result.warnings) }
            do {
                var guarded = result.object
                guarded["metadata"]?["resourceVersion"] =
                    result.preconditionVersion.map { .string($0) } ?? existing.at("metadata", "resourceVersion")
                return ServerResponse.json(try store.update(r.type.name, guarded)).withWarnings(result.warnings)
            } catch {
                guard case .conflict = error else { throw APIStatus(error) }
                if result.preconditionVersion == nil { continue }
                let resource = r.type.group.isEmpty ? r.type.name : "\(r.type.name).\(r.type.group)"
                throw APIStatus(
                    code: 409, reason: "Conflict",
                    message: "Operation cannot be fulfilled on \(resource) \(GoValueText.quoted(name)): the object has been "
                        + "modified; please apply your changes to the latest version and try again",
                    name: name, kind: r.type.name)
            }
        }
        throw APIStatus(
            code: 409, reason: "Conflict",
            message: "\(r.type.name) \"\(name)\" kept changing while it was patched; patch again")
    }

    private func apply(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        let options = try WriteOptions(request, kind: "PatchOptions", applyPatch: true)
        let applied = try RequestBody.parse(request.body, contentType: "application/yaml").value
        let namespace = r.namespace ?? ""
        let ssa = ServerSideApply(
            type: r.type, namespace: r.namespace, name: name, fieldManager: options.fieldManager ?? "",
            time: Timestamp.format(store.now), force: options.force ?? false)
        for _ in 0..<5 {
            let existing = store.get(r.type.name, namespace: namespace, name: name)
            let object = try ssa.result(applying: applied, to: existing)
            if options.dryRun { return .json(object, status: existing == nil ? 201 : 200) }
            do {
                if existing == nil { return .json(try store.create(r.type.name, object), status: 201) }
                var guarded = object
                guarded["metadata"]?["resourceVersion"] = existing?.at("metadata", "resourceVersion")
                return .json(try store.update(r.type.name, guarded))
            } catch {
                switch error {
                case .alreadyExists, .conflict: continue  // raced with another writer: re-read and merge again
                default: throw APIStatus(error)
                }
            }
        }
        throw APIStatus(
            code: 409, reason: "Conflict",
            message: "\(r.type.name) \"\(name)\" kept changing while it was applied; apply again")
    }

    private func requireVerb(_ verb: String, _ r: ResourceRequest, _ request: ServerRequest) throws(APIStatus) {
        guard r.type.verbs.contains(verb) else { throw .methodNotAllowed(request.method, path: request.path) }
    }

    static func isDryRun(_ request: ServerRequest) -> Bool {
        guard let v = request.query["dryRun"] else { return false }
        return v == "All"
    }
}
