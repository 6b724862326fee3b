/// What a pod asks of a node, counted as Kubernetes counts it (the
/// scheduler's `PodRequests` helper, which the kubelet and quota share):
///
/// - per container and resource, the request, or the limit when only a
///   limit is given (the API server defaults requests to limits, so a GPU
///   asked for in `limits` alone is requested); every resource counts,
///   `cpu`, `memory`, `ephemeral-storage` and any extended resource
///   (`nvidia.com/gpu`, `gpu.intel.com/i915`, `amd.com/gpu`, …);
/// - app containers and restartable init containers (sidecars,
///   `restartPolicy: Always`) are summed; a plain init container runs alone
///   with the sidecars started before it, and the pod needs the larger of
///   the two per resource;
/// - `spec.overhead` (RuntimeClass overhead) is added.
///
/// With `nonZero`, a container that asks for no cpu or memory counts as
/// kube-scheduler's scoring defaults (100m cpu, 200Mi memory): that is the
/// figure LeastAllocated and MostAllocated score with, never the one the
/// resource fit filters with.
public enum PodRequests {
    /// kube-scheduler's `DefaultMilliCPURequest`.
    public static let defaultCPU = Quantity(milli: 100)
    /// kube-scheduler's `DefaultMemoryRequest` (200 MiB).
    public static let defaultMemory = Quantity(value: 200 * 1024 * 1024)

    /// One container's requests: what it requests, its limits where it requests nothing.
    public static func container(requests: [String: Quantity], limits: [String: Quantity]) -> [String: Quantity] {
        var out = requests
        for (resource, limit) in limits where out[resource] == nil { out[resource] = limit }
        return out
    }

    /// The pod's effective requests per resource (see the type's comment).
    public static func effective(
        containers: [Pod.Container], initContainers: [Pod.Container], overhead: [String: Quantity], nonZero: Bool = false
    ) -> [String: Quantity] {
        func asked(_ c: Pod.Container) -> [String: Quantity] {
            var r = container(requests: c.requests, limits: c.limits)
            if nonZero {
                if r["cpu"] == nil { r["cpu"] = defaultCPU }
                if r["memory"] == nil { r["memory"] = defaultMemory }
            }
            return r
        }
        var total: [String: Quantity] = [:]
        for c in containers { add(&total, asked(c)) }
        var sidecars: [String: Quantity] = [:]
        var initPeak: [String: Quantity] = [:]
        for c in initContainers {
            let own = asked(c)
            var need: [String: Quantity]
            if c.restartPolicy == "Always" {
                add(&total, own)
                add(&sidecars, own)
                need = sidecars
            } else {
                need = own
                add(&need, sidecars)
            }
            for (k, v) in need where v > initPeak[k, default: .zero] { initPeak[k] = v }
        }
        for (k, v) in initPeak where v > total[k, default: .zero] { total[k] = v }
        add(&total, overhead)
        return total
    }

    /// The effective requests of a pod spec (`spec` of a Pod, `spec.template.spec` of
    /// a workload); the error names the field whose quantity cannot be read.
    public static func of(podSpec spec: JSONValue, name: String = "pod", nonZero: Bool = false) throws(KubeDecodingError)
        -> [String: Quantity]
    {
        let pod = try Pod(json: ["metadata": ["name": .string(name)], "spec": spec])
        return nonZero ? pod.nonZeroRequests : pod.effectiveRequests
    }

    private static func add(_ into: inout [String: Quantity], _ more: [String: Quantity]) {
        for (k, v) in more { into[k, default: .zero] += v }
    }
}
