import Foundation

/// How an instance is doing: its pods, Ready x/y across workloads, its endpoints
/// and which of its objects exist (what an unfinished action left).
public struct InstanceStatus: Sendable, Hashable {
    /// One object the instance's record names (or, for an orphan, one found by label) and whether it exists.
    public struct ObjectEntry: Sendable, Hashable {
        /// "Kind/name".
        public var object: String
        public var exists: Bool
        /// False for an object of an earlier revision that an unfinished action may leave behind.
        public var isLatest: Bool

        public init(object: String, exists: Bool, isLatest: Bool = true) {
            self.object = object
            self.exists = exists
            self.isLatest = isLatest
        }
    }

    /// One pod of the instance.
    public struct PodEntry: Sendable, Hashable {
        public var name: String
        public var phase: String
        public var status: String
        public var ready: String
        public var node: String
        public var layer: Layer?
        public var restarts: Int
        /// For a Pending pod: the latest FailedScheduling message.
        public var pendingReason: String?

        public init(name: String, phase: String, status: String, ready: String, node: String, layer: Layer?, restarts: Int, pendingReason: String?) {
            self.name = name
            self.phase = phase
            self.status = status
            self.ready = ready
            self.node = node
            self.layer = layer
            self.restarts = restarts
            self.pendingReason = pendingReason
        }
    }

    public var instance: Instance
    public var pods: [PodEntry]
    /// Ready replicas and desired replicas summed over the workloads.
    public var ready: Int
    public var desired: Int
    /// "ClusterIP:port", "NodePort :port", "http://host" entries.
    public var endpoints: [String]
    /// The objects of the latest revision (then earlier ones that may remain) and whether each exists.
    public var objects: [ObjectEntry]

    public init(instance: Instance, pods: [PodEntry], ready: Int, desired: Int, endpoints: [String], objects: [ObjectEntry] = []) {
        self.instance = instance
        self.pods = pods
        self.ready = ready
        self.desired = desired
        self.endpoints = endpoints
        self.objects = objects
    }

    public var readyText: String { "\(ready)/\(desired)" }

    /// "3/5": how many of the latest revision's objects exist.
    public var objectsText: String {
        let latest = objects.filter(\.isLatest)
        return "\(latest.filter(\.exists).count)/\(latest.count)"
    }

    /// For an instance needing attention, its state and what exists ("pending-install: 3/5 objects
    /// exist", "no record: 4 objects"); nil for a deployed one.
    public var stateSummary: String? {
        switch instance.state {
        case .orphaned:
            return "no record: \(objects.count) object\(objects.count == 1 ? "" : "s") labelled with the instance (delete cleans them up)"
        case let state where state.needsAttention:
            return "\(state.rawValue) at revision \(instance.revision): \(objectsText) objects exist"
        default:
            return nil
        }
    }

    /// One word (plus the reason when Pending): Running, Pending: …, Progressing, Completed, NoPods;
    /// the state first when an action is unfinished or failed.
    public var summary: String {
        if let state = stateSummary { return state }
        return podSummary
    }

    /// The pods' part of `summary`.
    public var podSummary: String {
        if let reason = pods.first(where: { $0.pendingReason != nil })?.pendingReason { return "Pending: \(reason)" }
        if pods.contains(where: { $0.phase == "Pending" }) { return "Pending" }
        if let failing = pods.first(where: { !["Running", "Completed", "Succeeded"].contains($0.status) }) { return failing.status }
        if pods.isEmpty { return desired == 0 ? "NoPods" : "Progressing" }
        if !pods.isEmpty && pods.allSatisfy({ $0.phase == "Succeeded" }) { return "Completed" }
        return ready >= desired ? "Running" : "Progressing"
    }

    /// The JSON form used by `services -o json|yaml`; secret values are `***` unless `showSecrets`.
    public func json(showSecrets: Bool = false) -> JSONValue {
        let shown = showSecrets ? instance.values : instance.maskedValues
        var values = JSONObject()
        for k in shown.keys.sorted() { values[k] = .string(shown[k] ?? "") }
        let podList: [JSONValue] = pods.map { p in
            var o: JSONObject = [
                "name": .string(p.name), "phase": .string(p.phase), "status": .string(p.status), "ready": .string(p.ready),
                "node": .string(p.node), "layer": p.layer.map { .string($0.rawValue) } ?? .null, "restarts": .int(p.restarts),
            ]
            if let r = p.pendingReason { o["pendingReason"] = .string(r) }
            return .object(o)
        }
        return [
            "name": .string(instance.name), "namespace": .string(instance.namespace), "template": .string(instance.templateID),
            "revision": .int(instance.revision), "managedBy": .string(instance.managedBy.rawValue),
            "created": instance.createdAt.map { .string(Timestamp.format($0)) } ?? .null,
            "ready": .string(readyText), "status": .string(summary), "values": .object(values),
            "pods": .array(podList), "endpoints": .array(endpoints.map { .string($0) }), "placement": instance.placement,
            "state": .string(instance.state.rawValue),
            "volumes": .array(instance.volumes.map { .string($0) }),
            "authSecret": instance.authSecret.map { .string($0) } ?? .null,
            "stateSince": instance.stateSince.map { .string(Timestamp.format($0)) } ?? .null,
            "objects": .array(objects.map { o in
                var entry: JSONObject = ["object": .string(o.object), "exists": .bool(o.exists)]
                if !o.isLatest { entry["earlierRevision"] = true }
                return .object(entry)
            }),
        ]
    }
}
