import MarvelCore

/// Builders for the placement suites: nodes, snapshots and components from short text.
enum PT {
    static func q(_ text: String) -> Quantity { (try? Quantity(parsing: text)) ?? .zero }

    static func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", gpu: String? = nil, pods: String = "110", ephemeral: String? = nil,
        labels: [String: String] = [:], taints: [Node.Taint] = [], unschedulable: Bool = false, ready: Bool = true,
        layer: Layer = .unassigned, site: String = "", arch: String = "amd64"
    ) -> PlacementNode {
        var allocatable = ["cpu": q(cpu), "memory": q(memory), "pods": q(pods)]
        if let gpu { allocatable["nvidia.com/gpu"] = q(gpu) }
        if let ephemeral { allocatable["ephemeral-storage"] = q(ephemeral) }
        return PlacementNode(
            name: name, labels: labels, taints: taints, unschedulable: unschedulable, ready: ready, layer: layer, site: site, arch: arch,
            allocatable: allocatable)
    }

    static func snapshot(_ nodes: [PlacementNode], used: [String: [String: String]] = [:], pods: [String: Int] = [:]) -> PlacementSnapshot {
        PlacementSnapshot(nodes: nodes, requested: used.mapValues { $0.mapValues(q) }, podCounts: pods)
    }

    static func pod(
        _ requests: [String: String] = [:], selector: [String: String] = [:], terms: [NodeSelectorTerm] = [],
        preferred: [PreferredSchedulingTerm] = [], tolerations: [PlacementToleration] = [], nodeName: String = ""
    ) -> PodRequirements {
        PodRequirements(
            nodeName: nodeName, nodeSelector: selector, requiredTerms: terms, preferredTerms: preferred, tolerations: tolerations,
            requests: requests.mapValues(q))
    }

    static func component(
        _ pod: PodRequirements, name: String = "Deployment/app", replicas: Int = 1, rules: TemplatePlacement = TemplatePlacement(),
        policy: PlacementPolicy = .spread, in snapshot: PlacementSnapshot
    ) -> CompiledComponent {
        CompiledComponent(ComponentRequirement(name: name, replicas: replicas, pod: pod, rules: rules), policy: policy, snapshot: snapshot)
    }

    /// The reasons node `name` rejects `pod` (empty when it fits).
    static func reasons(_ pod: PodRequirements, rules: TemplatePlacement = TemplatePlacement(), on node: PlacementNode,
                        used: [String: String] = [:], podsBound: Int = 0) -> [String] {
        let s = snapshot([node], used: [node.name: used], pods: [node.name: podsBound])
        return component(pod, rules: rules, in: s).reasons(0, s)
    }

    static func term(_ key: String, _ op: String, _ values: [String] = []) -> NodeSelectorTerm {
        NodeSelectorTerm(matchExpressions: [NodeSelectorRequirement(key: key, op: op, values: values)])
    }
}
