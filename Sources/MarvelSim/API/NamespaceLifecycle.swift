import MarvelCore
import MarvelNet

/// The API server's namespace lifecycle admission and namespace deletion:
/// nothing is created in a namespace that does not exist (404) or is being
/// deleted (403), deleting a namespace starts its termination (the
/// namespace controller empties it), and a new namespace gets its `default`
/// ServiceAccount at once.
struct NamespaceLifecycle {
    var store: ClusterStore

    /// Refuses a create of `objectName` (a `resource`) in `namespace` as admission does.
    func admitCreate(resource: String, objectName: String, namespace: String) throws(APIStatus) {
        guard let ns = store.get(ResourceType.namespaces.name, name: namespace) else {
            throw APIStatus.notFound(resource: ResourceType.namespaces.name, name: namespace)
        }
        guard Finalizers.isTerminating(ns) else { return }
        let subject = objectName.isEmpty ? resource : "\(resource) \"\(objectName)\""
        throw APIStatus(
            code: 403, reason: "Forbidden",
            message: "\(subject) is forbidden: unable to create new content in namespace \(namespace) because it is being terminated",
            name: objectName.isEmpty ? nil : objectName, kind: resource,
            causes: [
                [
                    "reason": "NamespaceTerminating", "message": .string("namespace \(namespace) is being terminated"),
                    "field": "metadata.namespace",
                ]
            ])
    }

    /// Whether `request` creates an object: a POST to a collection, or an apply of an object that does not exist yet.
    func creates(_ r: ResourceRequest, _ request: ServerRequest) -> Bool {
        if request.method == "POST" && r.name == nil && r.subresource == nil { return true }
        let contentType = (request.headers["content-type"] ?? "").lowercased()
        guard request.method == "PATCH", contentType.hasPrefix("application/apply-patch"), let name = r.name,
            r.subresource == nil
        else { return false }
        return store.get(r.type.name, namespace: r.namespace ?? "", name: name) == nil
    }

    /// `DELETE /api/v1/namespaces/NAME`: the namespace turns Terminating (200 with it, as the API server answers).
    func delete(_ name: String, dryRun: Bool) throws(APIStatus) -> ServerResponse {
        guard let existing = store.get(ResourceType.namespaces.name, name: name) else {
            throw APIStatus.notFound(resource: ResourceType.namespaces.name, name: name)
        }
        if dryRun { return .json(existing) }
        do {
            return .json(try NamespaceTermination(store: store).begin(name))
        } catch {
            throw APIStatus(error)
        }
    }
}
