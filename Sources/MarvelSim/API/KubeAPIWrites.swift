import MarvelCore
import MarvelNet

/// The writes of the API: create (POST), delete (DELETE, cascading to the
/// objects the deleted one owns), server-side apply and merge patches (PATCH).
extension KubeAPIHandler {
    func create(_ r: ResourceRequest, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        try requireVerb("create", r, request)
        if r.type.namespaced && r.namespace == nil {
            throw APIStatus.badRequest(
                "\(r.type.name) are namespaced: POST to /…/namespaces/NAMESPACE/\(r.type.name)")
        }
        let object = try ServerSideApply.parseBody(request.body)
        try ObjectValidation(type: r.type, namespace: r.namespace, urlName: nil).check(object, allowGenerateName: true)
        var prepared = ObjectDefaults.prepareNew(object, type: r.type)
        if let ns = r.namespace { prepared["metadata"]?["namespace"] = .string(ns) }
        if Self.isDryRun(request) { return .json(prepared, status: 201) }
        do {
            return .json(try store.create(r.type.name, prepared), status: 201)
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
            if r.type.name == "namespaces" {
                for type in resources where type.namespaced {
                    for object in store.list(type.name, namespace: name).items {
                        _ = try? store.delete(type.name, namespace: name, name: object.objectName)
                    }
                }
            }
            return .json(deleted)
        } catch {
            throw APIStatus(error)
        }
    }

    func patch(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        let contentType = (request.headers["content-type"] ?? "").lowercased()
        guard r.type.verbs.contains("patch") else { throw .methodNotAllowed(request.method, path: request.path) }
        if contentType.hasPrefix("application/apply-patch") { return try apply(r, name: name, request: request) }
        guard contentType.hasPrefix("application/merge-patch+json")
            || contentType.hasPrefix("application/strategic-merge-patch+json")
        else {
            throw APIStatus(
                code: 415, reason: "UnsupportedMediaType",
                message: "the body of the request was in an unknown format (\(contentType)); use "
                    + "application/apply-patch+yaml, application/merge-patch+json or application/strategic-merge-patch+json")
        }
        let namespace = r.namespace ?? ""
        guard let existing = store.get(r.type.name, namespace: namespace, name: name) else {
            throw APIStatus.notFound(resource: r.type.name, name: name)
        }
        let patchDoc = try ServerSideApply.parseBody(request.body)
        var patched = MergePatch.apply(patchDoc, to: existing)
        if existing["spec"] != patched["spec"], let g = existing.at("metadata", "generation")?.intValue {
            patched["metadata"]?["generation"] = .int(g + 1)
        }
        try ObjectValidation(type: r.type, namespace: r.namespace, urlName: name).check(patched)
        if Self.isDryRun(request) { return .json(patched) }
        do {
            let resolved = patched
            return .json(try store.modify(r.type.name, namespace: namespace, name: name) { $0 = resolved })
        } catch {
            throw APIStatus(error)
        }
    }

    private func apply(_ r: ResourceRequest, name: String, request: ServerRequest) throws(APIStatus) -> ServerResponse {
        guard let manager = request.query["fieldManager"], !manager.isEmpty else {
            throw APIStatus.badRequest(
                "PATCH /\(r.type.name)/\(name): fieldManager is required for apply requests; add ?fieldManager=NAME")
        }
        let applied = try ServerSideApply.parseBody(request.body)
        let namespace = r.namespace ?? ""
        let ssa = ServerSideApply(
            type: r.type, namespace: r.namespace, name: name, fieldManager: manager,
            time: Timestamp.format(store.now))
        for _ in 0..<5 {
            let existing = store.get(r.type.name, namespace: namespace, name: name)
            let object = try ssa.result(applying: applied, to: existing)
            if Self.isDryRun(request) { return .json(object, status: existing == nil ? 201 : 200) }
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
