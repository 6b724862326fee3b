import MarvelCore

/// The service-account controller: every namespace that is not being
/// deleted has a `default` ServiceAccount, made as soon as the namespace is.
struct ServiceAccounts {
    var store: ClusterStore

    static let defaultName = "default"

    /// Creates `default` in `namespace` unless it exists or the namespace is terminating.
    func ensureDefault(in namespace: String) {
        guard let ns = store.get(ResourceType.namespaces.name, name: namespace), !Finalizers.isTerminating(ns),
            store.get(ResourceType.serviceAccounts.name, namespace: namespace, name: Self.defaultName) == nil
        else { return }
        _ = try? store.create(ResourceType.serviceAccounts.name, Self.object(Self.defaultName, namespace: namespace))
    }

    /// One tick: every namespace gets its `default`.
    func sync(namespaces: [JSONValue]) {
        for ns in namespaces where !Finalizers.isTerminating(ns) { ensureDefault(in: ns.objectName) }
    }

    /// A ServiceAccount object.
    static func object(_ name: String, namespace: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
        ]
    }
}
