/// How many more instances of a template fit in one layer, and where they would go.
public struct LayerHeadroom: Sendable, Hashable {
    public var layer: Layer
    /// Instances that fit (at most the cap asked for).
    public var instances: Int
    /// Pods per node of those instances.
    public var nodes: [String: Int]
    /// Why one more does not fit (the first workload that found no node), nil at the cap.
    public var limit: String?
    /// Set when the template's own rules exclude the layer.
    public var excluded: String?

    public var json: JSONValue {
        var o: JSONObject = ["layer": .string(layer.rawValue), "instances": .int(instances)]
        var n = JSONObject()
        for k in nodes.keys.sorted() { n[k] = .int(nodes[k] ?? 0) }
        o["nodes"] = .object(n)
        if let limit { o["limit"] = .string(limit) }
        if let excluded { o["excluded"] = .string(excluded) }
        return .object(o)
    }
}

/// Counts the instances of a set of components that still fit per layer: it
/// places whole instances one after another (every replica of every workload,
/// each pod on its best node under `pack`, so the count is as high as greedy
/// filling gets) until one no longer fits, layer by layer.
public enum Headroom {
    public static func compute(
        _ components: [ComponentRequirement], snapshot: PlacementSnapshot, layers: [Layer] = [.edge, .fog, .cloud], cap: Int = 1000
    ) -> [LayerHeadroom] {
        layers.map { layer in
            if let required = components.compactMap(\.rules.layer).first(where: { $0 != layer }) {
                return LayerHeadroom(
                    layer: layer, instances: 0, nodes: [:], limit: nil, excluded: "the template requires layer \(required.rawValue)")
            }
            var state = snapshot
            let compiled = components.map { c -> CompiledComponent in
                var c = c
                c.rules.layer = layer
                return CompiledComponent(c, policy: .pack, snapshot: snapshot)
            }
            var count = 0
            var nodes: [String: Int] = [:]
            var limit: String?
            outer: while count < cap {
                var trial = state
                var placed: [String] = []
                for c in compiled {
                    for _ in 0..<max(0, c.requirement.replicas) {
                        guard let i = c.best(trial) else {
                            limit = "\(c.requirement.name): " + ComponentEvaluation(c, snapshot: trial).summary
                            break outer
                        }
                        trial.bind(c.demand, to: i)
                        placed.append(trial.nodes[i].name)
                    }
                }
                if placed.isEmpty { break }
                state = trial
                count += 1
                for n in placed { nodes[n, default: 0] += 1 }
            }
            return LayerHeadroom(layer: layer, instances: count, nodes: nodes, limit: limit, excluded: nil)
        }
    }
}
