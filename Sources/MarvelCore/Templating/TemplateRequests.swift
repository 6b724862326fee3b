/// Sums what rendered manifests ask of the cluster: each workload's pod
/// requests as Kubernetes counts them (`PodRequests`: limits stand in for
/// missing requests, extended resources, init containers, sidecars,
/// overhead), times its replicas.
enum TemplateRequests {
    static func sum(_ manifests: [JSONValue]) -> [String: Quantity] {
        var total: [String: Quantity] = [:]
        for manifest in manifests {
            guard let (spec, copies) = WorkloadPodTemplate.podSpec(of: manifest), copies > 0,
                let requests = try? PodRequests.of(podSpec: spec)
            else { continue }
            for (resource, quantity) in requests {
                total[resource, default: .zero] += Quantity(nanos: quantity.nanos * Int128(copies))
            }
        }
        return total
    }
}
