/// One workload's part of a decision: the nodes its pods go to, the score of
/// the first, and how every node looked for its first pod.
public struct WorkloadDecision: Sendable {
    public var component: String
    public var nodes: [String]
    public var layer: Layer?
    public var score: Int?
    public var evaluation: ComponentEvaluation

    public var json: JSONValue {
        var o: JSONObject = ["workload": .string(component), "nodes": .array(nodes.map(JSONValue.string))]
        if let layer { o["layer"] = .string(layer.rawValue) }
        if let score { o["score"] = .int(score) }
        o["summary"] = .string(evaluation.summary)
        return .object(o)
    }
}

/// A placement decision for an instance: mode, policy, the plan and each workload's part.
public struct PlacementDecision: Sendable {
    public var mode: PlacementMode
    public var policy: PlacementPolicy
    public var plan: PlacementPlan?
    public var workloads: [WorkloadDecision]

    /// What the instance record keeps.
    public var json: JSONValue {
        var o: JSONObject = ["mode": .string(mode.name), "policy": .string(policy.rawValue)]
        if case .node(let name) = mode { o["node"] = .string(name) }
        if let plan {
            o["method"] = .string(plan.method.rawValue)
            o["optimal"] = .bool(plan.optimal)
            o["cost"] = .int(plan.cost)
        }
        o["workloads"] = .array(workloads.map(\.json))
        return .object(o)
    }
}

/// Places the workloads of one rendered instance and writes the decision into
/// its manifests. Layer-dedication taints (a taint whose key is a layer label
/// key, as the seed's `Layer=GRNEDGE1:NoSchedule`) are tolerated for nodes of
/// a layer the template asks for (required or preferred): that is what the
/// dedication is for. Every other taint must be tolerated by the manifest.
public struct TemplatePlacer: Sendable {
    public var request: PlacementRequest

    public init(request: PlacementRequest) { self.request = request }

    /// The components of `manifests` with the template's rules, prepared for `request`'s mode;
    /// pods mounting a bound claim of `claims` stay where its volume is.
    public func components(
        _ manifests: [JSONValue], rules: TemplatePlacement?, snapshot: PlacementSnapshot, claims: ClaimBindings = ClaimBindings()
    ) throws(PlacementError) -> [ComponentRequirement] {
        var out = try ComponentRequirement.components(of: manifests, rules: rules, claims: claims)
        for i in out.indices {
            out[i].pod.tolerations += dedicationTolerations(out[i].rules, snapshot: snapshot)
            if case .node(let name) = request.mode {
                guard snapshot.index(of: name) != nil else {
                    throw PlacementError.unknownNode(name, known: snapshot.nodes.map(\.name))
                }
                out[i].pod.nodeName = name
                // An explicit node overrides the template's layer and site rules.
                out[i].rules.layer = nil
                out[i].rules.site = nil
            }
        }
        return out
    }

    /// Tolerations for the layer-dedication taints of the nodes in the layers `rules` asks for.
    func dedicationTolerations(_ rules: TemplatePlacement, snapshot: PlacementSnapshot) -> [PlacementToleration] {
        let layers = Set((rules.layer.map { [$0] } ?? []) + rules.prefer)
        var out: [PlacementToleration] = []
        for node in snapshot.nodes where layers.contains(node.layer) {
            for taint in node.taints where request.rules.labelKeys.contains(taint.key) {
                let t = PlacementToleration.matching(taint)
                if !out.contains(t) { out.append(t) }
            }
        }
        return out
    }

    /// Plans `components` together; throws `noNode` with the reasons when one cannot run.
    public func decide(_ components: [ComponentRequirement], snapshot: PlacementSnapshot) throws(PlacementError) -> PlacementDecision {
        let planner = Planner(policy: request.policy)
        let plan = try planner.plan(components.map { PlanComponent($0) }, snapshot: snapshot)
        var workloads: [WorkloadDecision] = []
        for c in components {
            let compiled = CompiledComponent(c, policy: request.policy, snapshot: snapshot)
            let evaluation = ComponentEvaluation(compiled, snapshot: snapshot)
            let nodes = plan.nodes(of: c.name)
            let first = nodes.first.flatMap { snapshot.index(of: $0) }
            workloads.append(
                WorkloadDecision(
                    component: c.name, nodes: nodes, layer: first.map { snapshot.nodes[$0].layer },
                    score: evaluation.ranked.first(where: { $0.node == nodes.first })?.score?.total, evaluation: evaluation))
        }
        return PlacementDecision(mode: request.mode, policy: request.policy, plan: plan, workloads: workloads)
    }

    /// `manifests` with each placed workload pinned as the mode says.
    public func apply(_ decision: PlacementDecision, to manifests: [JSONValue], snapshot: PlacementSnapshot) -> [JSONValue] {
        if case .none = request.mode { return manifests }
        return manifests.map { manifest in
            let label = "\(manifest["kind"]?.stringValue ?? "")/\(manifest.at("metadata", "name")?.stringValue ?? "")"
            guard let workload = decision.workloads.first(where: { $0.component == label }), !workload.nodes.isEmpty else { return manifest }
            let chosen = workload.nodes.compactMap { snapshot.index(of: $0) }.map { snapshot.nodes[$0] }
            switch request.mode {
            case .layer:
                guard let layer = workload.layer, let (key, values) = layerSelector(layer, chosen: chosen, snapshot: snapshot) else {
                    return manifest
                }
                let taints = snapshot.nodes.filter { $0.layer == layer && ($0.labels[key].map(values.contains) ?? false) }
                    .flatMap { $0.taints.filter { request.rules.labelKeys.contains($0.key) } }
                return ManifestPinning.pin(
                    manifest, requirement: NodeSelectorRequirement(key: key, op: "In", values: values),
                    tolerating: chosen.flatMap(\.taints) + taints)
            default:
                let hosts = Array(Set(chosen.map { $0.labels["kubernetes.io/hostname"] ?? $0.name })).sorted()
                return ManifestPinning.pin(
                    manifest, requirement: NodeSelectorRequirement(key: "kubernetes.io/hostname", op: "In", values: hosts),
                    tolerating: chosen.flatMap(\.taints))
            }
        }
    }

    /// The layer label (the first configured key the chosen node carries) and its values across the layer's nodes.
    func layerSelector(_ layer: Layer, chosen: [PlacementNode], snapshot: PlacementSnapshot) -> (String, [String])? {
        guard let node = chosen.first, let key = request.rules.labelKeys.first(where: { node.labels[$0] != nil }) else { return nil }
        let values = Set(snapshot.nodes.filter { $0.layer == layer }.compactMap { $0.labels[key] })
        return (key, values.sorted())
    }
}
