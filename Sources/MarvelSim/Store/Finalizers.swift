import MarvelCore

/// `metadata.finalizers` (and a namespace's `spec.finalizers`): while an object
/// has any, a delete only marks it (`deletionTimestamp`) and it stays until
/// whoever owns the finalizer removes it, as in the API server.
enum Finalizers {
    /// Whether the object (of `resource`) still has finalizers to run.
    static func pending(_ object: JSONValue, resource: String) -> Bool {
        if !(object.at("metadata", "finalizers")?.arrayValue ?? []).isEmpty { return true }
        return resource == ResourceType.namespaces.name && !(object.at("spec", "finalizers")?.arrayValue ?? []).isEmpty
    }

    /// Whether the object has been deleted and waits for its finalizers.
    static func isTerminating(_ object: JSONValue) -> Bool {
        object.at("metadata", "deletionTimestamp") != nil
    }
}
