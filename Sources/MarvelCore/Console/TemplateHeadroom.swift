/// How many more instances of a template (with its default values) fit per
/// layer of a cluster snapshot: the template is rendered, its workloads read
/// as components (every layer preferred unless the template requires one, so
/// layer-dedication taints are tolerated), and `Headroom.compute` packs whole
/// instances. Pure computation on data already fetched; no HTTP.
public enum TemplateHeadroom {
    public static func compute(
        template: Template, values: [String: String] = [:], automatic: AutomaticValues = AutomaticValues(),
        cluster: ClusterSnapshot, rules: LayerRules = LayerRules(), cap: Int = 99
    ) throws -> [LayerHeadroom] {
        var merged = values
        merged["NAME"] = merged["NAME"] ?? template.variable(named: "NAME")?.defaultText ?? template.id
        let manifests = try template.render(values: merged, automatic: automatic).filter { !$0.isNull }
        let snapshot = PlacementSnapshot(cluster: cluster, rules: rules)
        var placement = template.placement ?? TemplatePlacement()
        if placement.layer == nil { placement.prefer = [.edge, .fog, .cloud] }
        let placer = TemplatePlacer(request: PlacementRequest(mode: .auto, policy: .pack, rules: rules))
        let components = try placer.components(manifests, rules: placement, snapshot: snapshot)
        guard !components.isEmpty else { return [] }
        return Headroom.compute(components, snapshot: snapshot, cap: cap)
    }
}
