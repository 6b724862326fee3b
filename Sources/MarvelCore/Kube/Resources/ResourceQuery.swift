/// What one resource view lists: a kind, every namespace or one, and an
/// optional label selector (sent to the server, as `kubectl get -l`).
public struct ResourceQuery: Sendable, Hashable {
    public var kind: ResourceKind
    /// nil: every namespace (k9s's `0`, `kubectl get -A`); ignored for cluster-scoped kinds.
    public var namespace: String?
    public var labelSelector: String?

    public init(kind: ResourceKind, namespace: String?, labelSelector: String? = nil) {
        self.kind = kind
        self.namespace = kind.namespaced ? namespace : nil
        self.labelSelector = labelSelector?.isEmpty == true ? nil : labelSelector
    }

    /// Every namespace is listed (the table gets a NAMESPACE column).
    public var allNamespaces: Bool { kind.namespaced && namespace == nil }

    /// The selectors as query parameters of a list of the collection path.
    var selectorQuery: [String: String] {
        var q: [String: String] = [:]
        if let labelSelector { q["labelSelector"] = labelSelector }
        return q
    }

    /// As the reflector lists and watches it: the every-namespace path narrowed by a
    /// `metadata.namespace` field selector (a 403 there narrows to the namespace's own path).
    var cachedKind: CachedKind {
        var cached = kind.cached
        cached.labelSelector = labelSelector
        if let namespace { cached.fieldSelector = "metadata.namespace=\(namespace)" }
        return cached
    }
}
