/// A pod's quality-of-service class, worked out as Kubernetes does from the
/// cpu and memory requests and limits of its containers and init containers:
/// BestEffort when none asks for either, Guaranteed when every container has
/// cpu and memory limits and the requests (summed per resource) equal the
/// limits, Burstable otherwise. Zero quantities count as unset.
public enum PodQOSClass: String, Sendable, CaseIterable {
    case guaranteed = "Guaranteed"
    case burstable = "Burstable"
    case bestEffort = "BestEffort"

    /// The class the server reported in `status.qosClass`, else the one computed from `spec`.
    public static func of(pod: JSONValue) -> PodQOSClass {
        if let reported = pod.at("status", "qosClass")?.stringValue, let known = PodQOSClass(rawValue: reported) { return known }
        return computed(spec: pod["spec"] ?? .null)
    }

    /// The class a pod with this spec gets.
    public static func computed(spec: JSONValue) -> PodQOSClass {
        let compute = ["cpu", "memory"]
        var requests: [String: Quantity] = [:]
        var limits: [String: Quantity] = [:]
        var everyContainerLimited = true
        let containers = (spec["initContainers"]?.arrayValue ?? []) + (spec["containers"]?.arrayValue ?? [])
        for container in containers {
            var limited: Set<String> = []
            for name in compute {
                let limit = quantity(container.at("resources", "limits", name))
                // The API server defaults a missing request to the limit.
                if let q = quantity(container.at("resources", "requests", name)) ?? limit { requests[name] = add(requests[name], q) }
                if let limit {
                    limits[name] = add(limits[name], limit)
                    limited.insert(name)
                }
            }
            if limited.count != compute.count { everyContainerLimited = false }
        }
        if requests.isEmpty, limits.isEmpty { return .bestEffort }
        guard everyContainerLimited, requests.count == limits.count else { return .burstable }
        for (name, request) in requests where limits[name] != request { return .burstable }
        return .guaranteed
    }

    /// A non-zero quantity, or nil (absent, zero or unreadable).
    private static func quantity(_ value: JSONValue?) -> Quantity? {
        guard let value else { return nil }
        let text = value.stringValue ?? value.intValue.map(String.init) ?? value.jsonString()
        guard let q = try? Quantity(parsing: text), !q.isZero else { return nil }
        return q
    }

    private static func add(_ sum: Quantity?, _ q: Quantity) -> Quantity {
        Quantity(nanos: (sum ?? .zero).nanos + q.nanos)
    }
}
