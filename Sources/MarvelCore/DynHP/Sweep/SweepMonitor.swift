import Foundation

/// Reads the state of sweeps from the cluster: their instances (records whose SWEEP
/// value names the sweep), each instance's newest pod, its node's layer, and the metrics
/// lines in the pod's log.
public struct SweepMonitor: Sendable {
    public let deployer: Deployer
    public let namespace: String
    public let rules: LayerRules

    public init(deployer: Deployer, namespace: String, rules: LayerRules = LayerRules()) {
        self.deployer = deployer
        self.namespace = namespace
        self.rules = rules
    }

    private var client: KubeClient { deployer.client }

    /// The sweeps deployed in the namespace, by name, with their instance names in order.
    public func sweeps() throws -> [(name: String, instances: [String])] {
        var found: [String: [String]] = [:]
        for record in try deployer.records(namespace: namespace) {
            guard let sweep = record.values[SweepFlags.sweepVariable], !sweep.isEmpty else { continue }
            found[sweep, default: []].append(record.name)
        }
        return found.keys.sorted().map { (name: $0, instances: Self.ordered(found[$0] ?? [])) }
    }

    /// "<sweep>-2" before "<sweep>-10".
    static func ordered(_ names: [String]) -> [String] {
        names.sorted { a, b in
            let na = Int(a.split(separator: "-").last ?? "") ?? 0, nb = Int(b.split(separator: "-").last ?? "") ?? 0
            return na != nb ? na < nb : a < b
        }
    }

    /// Every run of sweep `name`, in the sweep's order (an error when there is none).
    public func states(sweep name: String) throws -> [SweepRunState] {
        guard let sweep = try sweeps().first(where: { $0.name == name }) else {
            let known = try sweeps().map(\.name)
            throw DynHPError("no sweep \(name) in namespace \(namespace)" + (known.isEmpty ? "" : " (sweeps: \(known.joined(separator: ", ")))"))
        }
        var layers: [String: Layer] = [:]
        return try sweep.instances.map { instance in
            let values = try deployer.record(name: instance, namespace: namespace)?.values ?? [:]
            return try state(instance: instance, values: values, layers: &layers)
        }
    }

    private func state(instance: String, values: [String: String], layers: inout [String: Layer]) throws -> SweepRunState {
        let pods = try client.list("/api/v1/namespaces/\(namespace)/pods", query: ["labelSelector": "\(InstanceLabels.instance)=\(instance)"]).items
        let newest = pods.max { ($0.at("metadata", "creationTimestamp")?.stringValue ?? "") < ($1.at("metadata", "creationTimestamp")?.stringValue ?? "") }
        guard let pod = newest, let podName = pod.at("metadata", "name")?.stringValue else {
            return SweepRunState(instance: instance, values: values, phase: "no pod yet")
        }
        var state = SweepRunState(instance: instance, values: values, pod: podName,
                                  phase: pod.at("status", "phase")?.stringValue ?? "Unknown")
        if let node = pod.at("spec", "nodeName")?.stringValue, !node.isEmpty {
            state.node = node
            if layers[node] == nil, let labels = (try? client.get("/api/v1/nodes/\(node)"))?.at("metadata", "labels")?.objectValue {
                var map: [String: String] = [:]
                for member in labels { if let v = member.value.stringValue { map[member.key] = v } }
                layers[node] = rules.layer(of: map)
            }
            state.layer = layers[node]
        }
        guard state.phase != "Pending" else { return state }
        let log = try client.send(.get, "/api/v1/namespaces/\(namespace)/pods/\(podName)/log",
                                  headers: [(name: "Accept", value: "text/plain, */*")])
        guard (200..<300).contains(log.status) else { return state }
        var splitter = MetricsLineSplitter()
        var events = splitter.feed(log.body)
        events += splitter.finish()
        for event in events {
            switch event {
            case .runStart(let s): state.start = s
            case .dynhpEpoch(let e): if (state.latest?.epoch ?? 0) <= e.epoch { state.latest = e }
            case .runEnd(let e): state.end = e
            case .fedlRound: break
            }
        }
        return state
    }
}
