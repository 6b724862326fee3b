/// The resources of the resource-metrics API (`metrics.k8s.io/v1beta1`, what
/// metrics-server serves and `kubectl top` reads): listed in discovery like any
/// other group, answered by `MetricsAPIHandler`.
extension ResourceType {
    public static let nodeMetrics = ResourceType(
        name: "nodes", singularName: "", kind: "NodeMetrics", namespaced: false, group: "metrics.k8s.io", version: "v1beta1",
        verbs: ["get", "list"])
    public static let podMetrics = ResourceType(
        name: "pods", singularName: "", kind: "PodMetrics", namespaced: true, group: "metrics.k8s.io", version: "v1beta1",
        verbs: ["get", "list"])

    /// The metrics API's resources.
    public static let metricsAPI: [ResourceType] = [.nodeMetrics, .podMetrics]
}
