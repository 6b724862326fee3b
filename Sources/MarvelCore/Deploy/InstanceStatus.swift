import Foundation

/// How an instance is doing: its pods, Ready x/y across workloads and its endpoints.
public struct InstanceStatus: Sendable, Hashable {
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

    public init(instance: Instance, pods: [PodEntry], ready: Int, desired: Int, endpoints: [String]) {
        self.instance = instance
        self.pods = pods
        self.ready = ready
        self.desired = desired
        self.endpoints = endpoints
    }

    public var readyText: String { "\(ready)/\(desired)" }

    /// One word (plus the reason when Pending): Running, Pending: …, Progressing, Completed, NoPods.
    public var summary: String {
        if let reason = pods.first(where: { $0.pendingReason != nil })?.pendingReason { return "Pending: \(reason)" }
        if pods.contains(where: { $0.phase == "Pending" }) { return "Pending" }
        if let failing = pods.first(where: { !["Running", "Completed", "Succeeded"].contains($0.status) }) { return failing.status }
        if pods.isEmpty { return desired == 0 ? "NoPods" : "Progressing" }
        if !pods.isEmpty && pods.allSatisfy({ $0.phase == "Succeeded" }) { return "Completed" }
        return ready >= desired ? "Running" : "Progressing"
    }

    /// The JSON form used by `services -o json|yaml`.
    public func json() -> JSONValue {
        var values = JSONObject()
        for k in instance.values.keys.sorted() { values[k] = .string(instance.values[k] ?? "") }
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
        ]
    }
}
