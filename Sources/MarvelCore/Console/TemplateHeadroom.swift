/// How many more instances of a template (with its default values) fit per
/// layer of a cluster snapshot: the template is rendered, its workloads read
/// as components (every layer asked unless the template requires one; a layer
/// taken from a variable is the operator's choice, so every layer is asked
/// then too; dedicated nodes count only where the template tolerates them),
/// and `Headroom.compute` packs whole instances. Pure computation on data
/// already fetched; no HTTP.
public enum TemplateHeadroom {
    public static func compute(
        template: Template, values: [String: String] = [:], automatic: AutomaticValues = AutomaticValues(),
        cluster: ClusterSnapshot, rules: LayerRules = LayerRules(), cap: Int = 99
    ) throws -> [LayerHeadroom] {
        var merged = values
        merged["NAME"] = merged["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
        let manifests = try template.render(values: merged, automatic: automatic).filter { !$0.isNull }
        let snapshot = PlacementSnapshot(cluster: cluster, rules: rules)
        var placement = try template.placement(values: merged, automatic: automatic) ?? TemplatePlacement()
        if template.placementLayerVaries { placement.layer = nil }
        if placement.layer == nil { placement.prefer = [.edge, .fog, .cloud] }
        let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .pack, rules: rules))
        let components = try placer.components(manifests, rules: placement, snapshot: snapshot)
        guard !components.isEmpty else { return [] }
        return Headroom.compute(components, snapshot: snapshot, cap: cap)
    }
}
