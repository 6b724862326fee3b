/// The kubeconfig's contexts as `kubectl config get-contexts` lists them.
extension Kubeconfig {
    /// One context: its cluster and namespace ("" when not set).
    public struct ContextSummary: Sendable, Hashable {
        public var name: String
        public var cluster: String
        public var namespace: String
    }

    /// Every context in the order first defined.
    public var contextSummaries: [ContextSummary] {
        contextNames.map { name in
            let body = contexts[name]?.body
            return ContextSummary(name: name, cluster: body?["cluster"]?.scalar ?? "", namespace: body?["namespace"]?.scalar ?? "")
        }
    }
}
