import Foundation

extension InstanceStatus {
    /// The status of `instance` from what the cluster holds, without any request: `objects`
    /// are the live objects of the instance (any kind; kind and metadata.name are enough to
    /// match them with the record's manifests), `pods` its pods, `nodes` gives each pod's
    /// layer, `events` the namespace's events (the latest FailedScheduling message explains a
    /// Pending pod). A pure function, so a watch cache can feed it as well as `Deployer.status`.
    public static func compute(
        instance: Instance, objects: [JSONValue], pods: [Pod], nodes: [Node], events: [JSONValue], rules: LayerRules = LayerRules()
    ) -> InstanceStatus {
        var live: [String: JSONValue] = [:]
        for object in objects { live[DeployObject.label(object)] = object }
        var layers: [String: Layer] = [:]
        for node in nodes { layers[node.name] = rules.layer(of: node.labels) }
        let reasons = schedulingReasons(events)
        let entries = pods.sorted { $0.name < $1.name }.map { p in
            PodEntry(
                name: p.name, phase: p.phase, status: p.displayStatus, ready: p.readyText, node: p.nodeName,
                layer: p.nodeName.isEmpty ? nil : layers[p.nodeName], restarts: p.restarts,
                pendingReason: p.phase == "Pending" ? reasons[p.name] : nil)
        }
        var ready = 0
        var desired = 0
        var endpoints: [String] = []
        if instance.managedBy == .karvdash {
            ready = pods.filter(Self.isReady).count
            desired = pods.count
        } else {
            let podsByName = Dictionary(pods.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for object in instance.manifests {
                let kind = DeployObject.kind(object)
                if kind == "Pod" {
                    // A bare Pod: one wanted, ready when it runs with every container ready.
                    desired += 1
                    if let pod = object.at("metadata", "name")?.stringValue.flatMap({ podsByName[$0] }), Self.isReady(pod) { ready += 1 }
                    continue
                }
                guard ["Deployment", "StatefulSet", "DaemonSet", "Job"].contains(kind) else { continue }
                guard let current = live[DeployObject.label(object)] else {
                    desired += object.at("spec", "replicas")?.intValue ?? 1
                    continue
                }
                let s = current["status"] ?? .null
                switch kind {
                case "DaemonSet":
                    ready += s["numberReady"]?.intValue ?? 0
                    desired += s["desiredNumberScheduled"]?.intValue ?? 0
                case "Job":
                    ready += s["succeeded"]?.intValue ?? 0
                    desired += current.at("spec", "completions")?.intValue ?? 1
                default:
                    ready += s["readyReplicas"]?.intValue ?? 0
                    desired += current.at("spec", "replicas")?.intValue ?? 1
                }
            }
        }
        for object in instance.manifests {
            let kind = DeployObject.kind(object)
            guard kind == "Service" || kind == "Ingress" else { continue }
            endpoints += Deployer.endpoints(of: live[DeployObject.label(object)] ?? object, kind: kind)
        }
        var entriesForObjects: [ObjectEntry] = []
        if instance.managedBy == .marvdash {
            entriesForObjects = instance.manifests.map { ObjectEntry(object: DeployObject.label($0), exists: live[DeployObject.label($0)] != nil) }
                + instance.priorManifests.map {
                    ObjectEntry(object: DeployObject.label($0), exists: live[DeployObject.label($0)] != nil, isLatest: false)
                }
        }
        return InstanceStatus(instance: instance, pods: entries, ready: ready, desired: desired, endpoints: endpoints, objects: entriesForObjects)
    }

    /// Whether a pod counts as ready: running with every container ready.
    static func isReady(_ pod: Pod) -> Bool { pod.phase == "Running" && pod.readyCount == pod.containerCount }

    /// Per pod name, the message of its latest FailedScheduling event.
    static func schedulingReasons(_ events: [JSONValue]) -> [String: String] {
        var latest: [String: (Date, String)] = [:]
        for e in events where e["reason"]?.stringValue == "FailedScheduling" {
            guard let pod = e.at("involvedObject", "name")?.stringValue, let message = e["message"]?.stringValue else { continue }
            let when = ["lastTimestamp", "eventTime", "firstTimestamp"].lazy.compactMap { e[$0]?.stringValue.flatMap(Timestamp.parse) }.first
                ?? .distantPast
            if let old = latest[pod], old.0 > when { continue }
            latest[pod] = (when, message)
        }
        return latest.mapValues(\.1)
    }
}
