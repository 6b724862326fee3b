/// Sums the resource requests of rendered manifests: every container's
/// `resources.requests`, times the workload's replicas.
enum TemplateRequests {
    static func sum(_ manifests: [JSONValue]) -> [String: Quantity] {
        var total: [String: Quantity] = [:]
        for manifest in manifests {
            guard let (podSpec, copies) = podSpec(of: manifest), copies > 0 else { continue }
            guard case .array(let containers)? = podSpec["containers"] else { continue }
            for container in containers {
                guard case .object(let requests)? = container.at("resources", "requests") else { continue }
                for member in requests {
                    guard let quantity = quantity(member.value) else { continue }
                    total[member.key, default: .zero] += Quantity(nanos: quantity.nanos * Int128(copies))
                }
            }
        }
        return total
    }

    private static func quantity(_ value: JSONValue) -> Quantity? {
        switch value {
        case .string(let s): return try? Quantity(parsing: s)
        case .int(let i): return Quantity(value: Int64(i))
        case .double(let d): return try? Quantity(parsing: YAMLNumberFormat.plain(d))
        default: return nil
        }
    }

    /// The pod spec of a workload and how many pods it asks for.
    private static func podSpec(of manifest: JSONValue) -> (JSONValue, Int)? {
        guard case .string(let kind)? = manifest["kind"] else { return nil }
        func count(_ value: JSONValue?) -> Int {
            if case .int(let n)? = value { return n }
            return 1
        }
        switch kind {
        case "Pod":
            return manifest["spec"].map { ($0, 1) }
        case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController":
            return manifest.at("spec", "template", "spec").map { ($0, count(manifest.at("spec", "replicas"))) }
        case "DaemonSet":
            return manifest.at("spec", "template", "spec").map { ($0, 1) }
        case "Job":
            return manifest.at("spec", "template", "spec").map { ($0, count(manifest.at("spec", "parallelism"))) }
        case "CronJob":
            return manifest.at("spec", "jobTemplate", "spec", "template", "spec").map { ($0, 1) }
        default:
            return nil
        }
    }
}
