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
    /// The operator's tolerations (`--tolerate`), kept so an upgrade tolerates the same.
    public var tolerations: [PlacementToleration] = []

    /// What the instance record keeps.
    public var json: JSONValue {
        var o: JSONObject = ["mode": .string(mode.name), "policy": .string(policy.rawValue)]
        if case .node(let name) = mode { o["node"] = .string(name) }
        if let plan {
            o["method"] = .string(plan.method.rawValue)
            o["optimal"] = .bool(plan.optimal)
            o["cost"] = .int(plan.cost)
        }
        if !tolerations.isEmpty { o["tolerate"] = .array(tolerations.map { .string($0.text) }) }
        o["workloads"] = .array(workloads.map(\.json))
        return .object(o)
    }
}

/// Places the workloads of one rendered instance and writes the decision into
/// its manifests. A dedicated node (a NoSchedule/NoExecute taint, as the seed's
/// `Layer=GRNEDGE1:NoSchedule`) takes only pods that tolerate it: marvdash adds
/// the tolerations the template declares (`placement.tolerate`) and the ones
/// the operator passes (`--tolerate`), and never one of its own.
public struct TemplatePlacer: Sendable {
    public var request: PlacementRequest

    public init(request: PlacementRequest) { self.request = request }

    /// The tolerations a workload gets: the template's, then the operator's, each once.
    public func declaredTolerations(_ rules: TemplatePlacement?) -> [PlacementToleration] {
        var out: [PlacementToleration] = []
        for t in (rules?.tolerate ?? []) + request.tolerations where !out.contains(t) { out.append(t) }
        return out
    }

    /// The components of `manifests` with the template's rules, prepared for `request`'s mode;
    /// pods mounting a bound claim of `claims` stay where its volume is.
    public func components(
        _ manifests: [JSONValue], rules: TemplatePlacement?, snapshot: PlacementSnapshot, claims: ClaimBindings = ClaimBindings()
    ) throws(PlacementError) -> [ComponentRequirement] {
        var out = try ComponentRequirement.components(of: manifests, rules: rules, claims: claims)
        let declared = declaredTolerations(rules)
        for i in out.indices {
            for t in declared where !out[i].pod.tolerations.contains(t) { out[i].pod.tolerations.append(t) }
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
        return PlacementDecision(
            mode: request.mode, policy: request.policy, plan: plan, workloads: workloads, tolerations: request.tolerations)
    }

    /// `manifests` with each placed workload pinned as the mode says, and the declared
    /// tolerations (`rules.tolerate` and the operator's) written into every workload's pods.
    public func apply(_ decision: PlacementDecision, to manifests: [JSONValue], rules: TemplatePlacement?, snapshot: PlacementSnapshot)
        -> [JSONValue]
    {
        let tolerations = declaredTolerations(rules)
        return manifests.map { manifest in
            let label = "\(manifest["kind"]?.stringValue ?? "")/\(manifest.at("metadata", "name")?.stringValue ?? "")"
            guard let workload = decision.workloads.first(where: { $0.component == label }), !workload.nodes.isEmpty else {
                return ManifestPinning.pin(manifest, requirement: nil, tolerations: tolerations)
            }
            let chosen = workload.nodes.compactMap { snapshot.index(of: $0) }.map { snapshot.nodes[$0] }
            switch request.mode {
            case .none:
                return ManifestPinning.pin(manifest, requirement: nil, tolerations: tolerations)
            case .layer:
                guard let layer = workload.layer, let (key, values) = layerSelector(layer, chosen: chosen, snapshot: snapshot) else {
                    return ManifestPinning.pin(manifest, requirement: nil, tolerations: tolerations)
                }
                return ManifestPinning.pin(
                    manifest, requirement: NodeSelectorRequirement(key: key, op: "In", values: values), tolerations: tolerations)
            default:
                let hosts = Array(Set(chosen.map { $0.labels["kubernetes.io/hostname"] ?? $0.name })).sorted()
                return ManifestPinning.pin(
                    manifest, requirement: NodeSelectorRequirement(key: "kubernetes.io/hostname", op: "In", values: hosts),
                    tolerations: tolerations)
            }
        }
    }

    /// `manifests` with only the declared tolerations written in (placement none).
    public func tolerating(_ manifests: [JSONValue], rules: TemplatePlacement?) -> [JSONValue] {
        let tolerations = declaredTolerations(rules)
        guard !tolerations.isEmpty else { return manifests }
        return manifests.map { ManifestPinning.pin($0, requirement: nil, tolerations: tolerations) }
    }

    /// The layer label (the first configured key the chosen node carries) and its values across the layer's nodes.
    func layerSelector(_ layer: Layer, chosen: [PlacementNode], snapshot: PlacementSnapshot) -> (String, [String])? {
        guard let node = chosen.first, let key = request.rules.labelKeys.first(where: { node.labels[$0] != nil }) else { return nil }
        let values = Set(snapshot.nodes.filter { $0.layer == layer }.compactMap { $0.labels[key] })
        return (key, values.sorted())
    }
}
