import MarvelCore

/// The namespace controller: a deleted namespace is `Terminating` while
/// everything in it is deleted; objects held by finalizers keep it so (its
/// conditions say which), and once it is empty its `kubernetes` finalizer
/// is removed and the namespace is gone.
struct NamespaceTermination {
    var store: ClusterStore
    /// The namespaced resources whose objects are deleted with their namespace.
    var resources: [ResourceType] = ResourceType.served.filter { $0.namespaced && $0.persisted && $0.storageVersion == nil }

    /// Marks `name` as being deleted (what `DELETE /api/v1/namespaces/NAME` does); returns the namespace as stored.
    func begin(_ name: String) throws(StoreError) -> JSONValue {
        let now = Timestamp.format(store.now)
        return try store.modify(ResourceType.namespaces.name, name: name) { ns in
            if ns.at("metadata", "deletionTimestamp") == nil { ns["metadata"]?["deletionTimestamp"] = .string(now) }
            ns["metadata"]?["deletionGracePeriodSeconds"] = 0
            ns["status"]?["phase"] = "Terminating"
        }
    }

    /// One tick for every terminating namespace.
    func sync(namespaces: [JSONValue]) {
        for ns in namespaces where Finalizers.isTerminating(ns) { finish(ns) }
    }

    private func finish(_ ns: JSONValue) {
        let name = ns.objectName
        var remaining: [String: Int] = [:]
        var held: [String: Int] = [:]
        for type in resources {
            for object in store.list(type.name, namespace: name).items {
                let after = try? store.delete(type.name, namespace: name, name: object.objectName)
                guard let after, Finalizers.pending(after, resource: type.name) else { continue }
                remaining[type.name, default: 0] += 1
                for f in after.at("metadata", "finalizers")?.arrayValue ?? [] {
                    if let f = f.stringValue { held[f, default: 0] += 1 }
                }
            }
        }
        let conditions = Self.conditions(remaining: remaining, held: held, now: Timestamp.format(store.now), previous: ns)
        _ = try? store.modify(ResourceType.namespaces.name, name: name) { o in
            if o.at("status", "conditions") != conditions { o["status"]?["conditions"] = conditions }
            if remaining.isEmpty { o["spec"]?["finalizers"] = [] }
        }
    }

    /// The namespace's deletion conditions, as the namespace controller reports them.
    static func conditions(remaining: [String: Int], held: [String: Int], now: String, previous ns: JSONValue) -> JSONValue {
        let before = ns.at("status", "conditions")?.arrayValue ?? []
        func condition(_ type: String, _ status: Bool, _ reason: String, _ message: String) -> JSONValue {
            let old = before.first { $0["type"]?.stringValue == type }
            let since = old?["status"]?.stringValue == (status ? "True" : "False") ? (old?["lastTransitionTime"] ?? .string(now)) : .string(now)
            return [
                "type": .string(type), "status": status ? "True" : "False", "lastTransitionTime": since,
                "reason": .string(reason), "message": .string(message),
            ]
        }
        let content = remaining.sorted { $0.key < $1.key }.map { "\($0.key) has \($0.value) resource instances" }
        let finalizers = held.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value) resource instances" }
        return [
            condition("NamespaceDeletionDiscoveryFailure", false, "ResourcesDiscovered", "All resources successfully discovered"),
            condition("NamespaceDeletionGroupVersionParsingFailure", false, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
            condition("NamespaceDeletionContentFailure", false, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
            remaining.isEmpty
                ? condition("NamespaceContentRemaining", false, "ContentRemoved", "All content successfully removed")
                : condition("NamespaceContentRemaining", true, "SomeResourcesRemain", "Some resources are remaining: \(content.joined(separator: ", "))"),
            held.isEmpty
                ? condition("NamespaceFinalizersRemaining", false, "ContentHasNoFinalizers", "All content-preserving finalizers finished")
                : condition("NamespaceFinalizersRemaining", true, "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: \(finalizers.joined(separator: ", "))"),
        ]
    }
}
