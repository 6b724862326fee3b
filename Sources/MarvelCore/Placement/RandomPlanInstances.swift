/// Seeded pseudo-random numbers (SplitMix64): the same seed gives the same sequence everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Small random placement problems (a few nodes over layers and sites, a few
/// components with replicas, layer/site rules and co-location, same-site and
/// anti-affinity between instances) for checking the planners against each
/// other, in tests and in `marvdash bench`.
public enum RandomPlanInstances {
    /// One problem: its nodes (with some load already placed) and its components.
    public static func make(seed: UInt64, maxNodes: Int = 5, maxComponents: Int = 4) -> (snapshot: PlacementSnapshot, plan: [PlanComponent]) {
        var rng = SeededGenerator(seed: seed)
        let layers: [Layer] = [.edge, .fog, .cloud]
        let sites = ["GRN", "MT", "UNS"]
        let nodeCount = Int.random(in: 3...max(3, maxNodes), using: &rng)
        var nodes: [PlacementNode] = []
        var requested: [String: [String: Quantity]] = [:]
        var podCounts: [String: Int] = [:]
        for i in 0..<nodeCount {
            let layer = layers[Int.random(in: 0..<3, using: &rng)]
            let cpu = Int64([2, 4, 8, 16][Int.random(in: 0..<4, using: &rng)])
            let memGi = Int64([4, 8, 16, 32][Int.random(in: 0..<4, using: &rng)])
            let name = "n\(i)"
            var allocatable = ["cpu": Quantity(value: cpu), "memory": Quantity(value: memGi << 30), "pods": Quantity(value: 110)]
            if Int.random(in: 0..<4, using: &rng) == 0 { allocatable["nvidia.com/gpu"] = Quantity(value: 1) }
            nodes.append(
                PlacementNode(
                    name: name, labels: ["marvdash.io/layer": layer.rawValue], layer: layer, site: sites[Int.random(in: 0..<3, using: &rng)],
                    arch: "amd64", allocatable: allocatable))
            let usedCPU = Int64.random(in: 0...(cpu * 1000 / 2), using: &rng)
            let usedMem = Int64.random(in: 0...(memGi * 1024 / 2), using: &rng)
            requested[name] = ["cpu": Quantity(milli: usedCPU), "memory": Quantity(value: usedMem << 20)]
            podCounts[name] = Int.random(in: 0...5, using: &rng)
        }
        let snapshot = PlacementSnapshot(nodes: nodes, requested: requested, podCounts: podCounts)
        let count = Int.random(in: 2...max(2, maxComponents), using: &rng)
        var plan: [PlanComponent] = []
        for k in 0..<count {
            var requests = [
                "cpu": Quantity(milli: Int64([250, 500, 1000, 2000, 3000][Int.random(in: 0..<5, using: &rng)])),
                "memory": Quantity(value: Int64([256, 512, 1024, 2048, 4096][Int.random(in: 0..<5, using: &rng)]) << 20),
            ]
            if Int.random(in: 0..<8, using: &rng) == 0 { requests["nvidia.com/gpu"] = Quantity(value: 1) }
            var rules = TemplatePlacement()
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: rules.layer = layers[Int.random(in: 0..<3, using: &rng)]
            case 1: rules.prefer = [layers[Int.random(in: 0..<3, using: &rng)], layers[Int.random(in: 0..<3, using: &rng)]]
            default: break
            }
            let name = "c\(k)"
            let requirement = ComponentRequirement(
                name: name, replicas: Int.random(in: 1...2, using: &rng), pod: PodRequirements(requests: requests), rules: rules)
            var component = PlanComponent(requirement, group: name)
            if k > 0 {
                let other = "c\(Int.random(in: 0..<k, using: &rng))"
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: component.colocateWith = [other]
                case 1: component.sameSiteAs = [other]
                case 2: component.antiAffinity = [other]
                default: break
                }
            }
            if Int.random(in: 0..<5, using: &rng) == 0 { component.antiAffinity.append(name) }
            plan.append(component)
        }
        return (snapshot, plan)
    }
}
