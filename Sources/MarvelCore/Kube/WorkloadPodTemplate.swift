/// Where a workload object keeps the pods it makes: the key path of its pod
/// spec and how many pods it asks for. Pods, Deployments, StatefulSets,
/// ReplicaSets, ReplicationControllers, Jobs (`parallelism` pods at once),
/// CronJobs (one Job at a time) and DaemonSets (one pod per eligible node,
/// counted once here).
public enum WorkloadPodTemplate {
    /// The key path of the pod spec of an object of `kind`, nil for kinds that make no pods.
    public static func specPath(kind: String) -> [String]? {
        switch kind {
        case "Pod": return ["spec"]
        case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "DaemonSet", "Job":
            return ["spec", "template", "spec"]
        case "CronJob": return ["spec", "jobTemplate", "spec", "template", "spec"]
        default: return nil
        }
    }

    /// The key path of the pod template's metadata (the Pod's own for a Pod).
    public static func metadataPath(kind: String) -> [String]? {
        guard let spec = specPath(kind: kind) else { return nil }
        return Array(spec.dropLast()) + ["metadata"]
    }

    /// The pod spec of `manifest` and how many pods it asks for (DaemonSets: 1),
    /// nil when it makes no pods or has no pod spec.
    public static func podSpec(of manifest: JSONValue) -> (spec: JSONValue, replicas: Int)? {
        guard let kind = manifest["kind"]?.stringValue, let path = specPath(kind: kind), let spec = manifest.at(path) else {
            return nil
        }
        func count(_ v: JSONValue?) -> Int { v?.intValue ?? 1 }
        switch kind {
        case "Deployment", "StatefulSet", "ReplicaSet", "ReplicationController": return (spec, count(manifest.at("spec", "replicas")))
        case "Job": return (spec, count(manifest.at("spec", "parallelism")))
        default: return (spec, 1)
        }
    }

    /// `v` with the value at `path` replaced by `new` (missing steps become objects).
    public static func setting(_ v: JSONValue, _ path: [String], _ new: JSONValue) -> JSONValue {
        guard let first = path.first else { return new }
        var copy = v
        copy[first] = setting(v[first] ?? .object([:]), Array(path.dropFirst()), new)
        return copy
    }
}
